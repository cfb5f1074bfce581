#!/usr/bin/env node
// Renders Ringside's icon — a white telephone handset on a rounded teal-to-blue square — to
// icons/icon-{16,32,48,128}.png. The drawing is an inline SVG rendered by the system Chromium
// through playwright-core (no network, no external resources), each size rendered natively so
// the browser's anti-aliasing works at that size rather than a downscale of the big one.
//   node scripts/make-icons.mjs [--chromium /usr/bin/chromium]
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'icons');
const sizes = [16, 32, 48, 128];
const flag = process.argv.indexOf('--chromium');
const executablePath = flag > 0 ? process.argv[flag + 1] : '/usr/bin/chromium';

/**
 * The handset, drawn on a 100×100 grid: a curved grip (a thick arc around a centre at the top
 * right) with an ear cup at its upper end and a mouth cup at its lower end, both turned
 * towards the centre, as on a classic receiver. Small sizes get a thicker grip so the shape
 * survives 16 px.
 */
function handset(size) {
  const grip = size <= 16 ? 17 : size <= 32 ? 15 : 13.5;
  return `
    <g fill="#fff" stroke="#fff" stroke-linejoin="round" stroke-linecap="round">
      <path d="M 31 33 A 38 38 0 0 0 67 69" fill="none" stroke-width="${grip}" />
      <rect x="18" y="17" width="31" height="22" rx="9" transform="rotate(-42 33.5 28)" stroke="none" />
      <rect x="61" y="51" width="22" height="31" rx="9" transform="rotate(-48 72 66.5)" stroke="none" />
    </g>`;
}

function svg(size) {
  // At 16 px a 1 px margin would eat an eighth of the icon: the square fills the canvas there.
  const inset = size <= 16 ? 0 : 4;
  const side = 100 - inset * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="${size}" height="${size}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#14a6a1" />
      <stop offset="1" stop-color="#1c63c9" />
    </linearGradient>
  </defs>
  <rect x="${inset}" y="${inset}" width="${side}" height="${side}" rx="${side * 0.23}" fill="url(#bg)" />
  <g transform="translate(50 50) scale(${size <= 16 ? 1 : 0.92}) translate(-50 -50)">${handset(size)}</g>
</svg>`;
}

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${svg(size)}</body></html>`,
    );
    const path = join(outDir, `icon-${size}.png`);
    await page.locator('svg').screenshot({ path, omitBackground: true });
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
}
