// `npm run demo -- --headless` is the README's "try it" command: its scripted tour must keep working.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('runs the scripted demo tour and reports the dial, the notification and the answer', () => {
  const root = resolve(import.meta.dirname, '../..');
  const out = execFileSync(resolve(root, 'node_modules/.bin/tsx'), ['scripts/demo.ts', '--headless'], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  // Region RU, default rules: +7 … is dialled in the trunk form 8 ….
  expect(out).toMatch(/the phone dialled 84951234567/);
  expect(out).toMatch(/notification “Incoming call: Ivan Petrov — \+74957654321” with buttons \[Answer, Reject\]/);
  expect(out).toMatch(/line \d is connected/);
  expect(out).toMatch(/notification is gone/);
}, 120_000);
