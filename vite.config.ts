import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { manifestFor, type Browser } from './manifest.config.ts';

const browser: Browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';

export default defineConfig({
  plugins: [preact(), crx({ manifest: manifestFor(browser), browser })],
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    // Readable stack traces from users' bug reports matter more than a few kB.
    minify: true,
    sourcemap: false,
    rollupOptions: {
      input: { callwindow: 'src/ui/callwindow/index.html' },
    },
  },
});
