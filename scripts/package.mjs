// Zips dist/chrome and dist/firefox into store-ready archives (dist/ringside-<browser>-<version>.zip).
// Uses web-ext's zip for Firefox (it also checks the manifest) and the same for Chrome, so no
// extra archiver dependency is needed.
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const webExt = resolve(root, 'node_modules/.bin/web-ext');

for (const browser of ['chrome', 'firefox']) {
  const out = resolve(root, 'dist', `.zip-${browser}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync(webExt, ['build', '--source-dir', resolve(root, 'dist', browser), '--artifacts-dir', out, '--overwrite-dest', '--filename', 'ext.zip'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const target = resolve(root, 'dist', `ringside-${browser}-${version}.zip`);
  renameSync(resolve(out, 'ext.zip'), target);
  rmSync(out, { recursive: true, force: true });
  console.log(`packaged ${target}`);
}
