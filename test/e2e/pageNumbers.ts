// Shared by the Chromium and Firefox tests of numbers on pages: serves the fixture pages on
// 127.0.0.1 and finds where a number is drawn, so a test can click it like a user (a trusted
// click at its coordinates).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/content');

export async function serveFixtures(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\//, '');
    if (!/^[a-z-]+\.html$/.test(name)) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(resolve(FIXTURES, name)));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Runs in the page: the centre of the first occurrence of `text` inside the element matched by
 * `selector`, in viewport coordinates. Self-contained (it is serialised into the page).
 */
export function centreOfText([selector, text]: readonly [string, string]): { x: number; y: number } | null {
  const root = document.querySelector(selector);
  if (!root) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let joined = '';
  const pieces: { node: Text; start: number }[] = [];
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    pieces.push({ node, start: joined.length });
    joined += node.data;
  }
  const at = joined.indexOf(text);
  if (at < 0) return null;
  const locate = (offset: number) => {
    const piece = [...pieces].reverse().find((p) => p.start <= offset)!;
    return { node: piece.node, offset: offset - piece.start };
  };
  // The middle character of the number: a click there is inside the mark.
  const middle = locate(at + Math.floor(text.length / 2));
  const range = document.createRange();
  range.setStart(middle.node, middle.offset);
  range.setEnd(middle.node, Math.min(middle.node.data.length, middle.offset + 1));
  const rect = range.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/** Ringside's own settings for these tests: region RU and an outside-line prefix 9, so the dial string shows the rules were applied. */
export function grandstreamSettings(address: string): object {
  return {
    version: 1,
    backend: 'grandstream',
    grandstream: { address, password: 'admin', account: 1, pollIntervalMs: 1000 },
    pages: { region: 'RU' },
    dialRules: { grandstream: { outsidePrefix: '9' } },
  };
}
