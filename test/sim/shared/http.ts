/**
 * Small HTTP helpers shared by the simulators in test/sim/.
 *
 * Only node: builtins: the simulators must start in any checkout (tests, the demo, a human with
 * `tsx`) without a dependency install beyond the TypeScript runner.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { controlParams, type ControlRunResult, type Params } from './control.ts';

/** The simulators never listen on anything but loopback: they are test fixtures, not services. */
export const LOOPBACK = '127.0.0.1';

/** Cap for request bodies we read (control API JSON). Anything bigger is a client bug. */
const MAX_BODY_BYTES = 64 * 1024;

export interface ParsedRequest {
  method: string;
  path: string;
  /** First value wins for repeated parameters; percent-decoding is done by URLSearchParams. */
  query: Record<string, string>;
}

/** Splits a request into method, path and decoded query parameters. */
export function parseRequest(req: IncomingMessage): ParsedRequest {
  // The base is only there to make relative request targets parseable.
  const url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
  return { method: req.method ?? 'GET', path: url.pathname, query: searchParamsToRecord(url.searchParams) };
}

export function searchParamsToRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

/** Reads the request body as UTF-8 text, refusing bodies larger than MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Discards a body we do not care about, so keep-alive connections stay usable. */
export function drainBody(req: IncomingMessage): void {
  req.resume();
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  // A client that gave up (abort, timeout) while we were delaying leaves a destroyed response.
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=utf-8', html);
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  server: Server;
  port: number;
  url: string;
  /** Stops listening and destroys every open socket, so keep-alive clients do not hold tests up. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that tracks its sockets. A handler that throws gets a 500
 * instead of an unhandled rejection.
 */
export async function startLoopbackServer(port: number, handler: RequestHandler): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      send(res, 500, 'text/plain; charset=utf-8', `simulator error: ${describeError(err)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    url: `http://${LOOPBACK}:${actualPort}`,
    close: () => closeServer(server, sockets),
  };
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  });
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Serves one `/sim/<name>` control request: merges `query` with the JSON body (400 when the body
 * is bad), runs it and sends the JSON reply. Returns the reply's `after` work (going offline), if
 * any, for the caller to schedule once the reply is on its way; undefined otherwise.
 */
export async function serveControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  query: Params,
  path: string,
  run: (method: string, name: string, params: Params) => Promise<ControlRunResult>,
): Promise<(() => Promise<void> | void) | undefined> {
  let params: Record<string, string>;
  try {
    params = controlParams(query, await readBody(req));
  } catch (err) {
    sendJson(res, 400, { ok: false, error: describeError(err) });
    return undefined;
  }
  const result = await run(req.method ?? 'GET', path.slice('/sim/'.length), params);
  sendJson(res, result.status, result.body);
  return result.after;
}

/** Runs `after` once `res` has been sent (going offline closes this very connection: answer first). */
export function afterReply(res: ServerResponse, after: (() => Promise<void> | void) | undefined): void {
  if (after) res.once('finish', () => void after());
}
