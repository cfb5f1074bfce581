// Separate from vite.config.ts so that crxjs is not loaded under vitest (toolchain.md §2).
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    reporters: ['default', './test/summary-reporter.ts'],
    // The end-to-end files each start a real browser; two cores cannot run many at once.
    maxWorkers: 2,
    testTimeout: 15_000,
    hookTimeout: 60_000,
  },
});
