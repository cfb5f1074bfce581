// Derives the per-browser manifest from the single manifest.json at the top of the repository.
// Chrome runs the background as a service worker; Firefox (MV3) only supports an event page
// with background.scripts, and crxjs expects the input manifest to already have that shape
// (shared/reference/toolchain.md §2, gotcha 2).
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import base from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };

export type Browser = 'chrome' | 'firefox';

type Manifest = typeof base & Record<string, unknown>;

export function manifestFor(browser: Browser): ManifestV3Export {
  const manifest: Record<string, unknown> = structuredClone(base) as Manifest;
  manifest.version = pkg.version;
  const entry = base.background.service_worker;
  if (browser === 'firefox') {
    manifest.background = { scripts: [entry], type: 'module' };
  } else {
    manifest.background = { service_worker: entry, type: 'module' };
    // Chrome warns about these unknown keys: the gecko settings, and protocol handlers, which
    // Chrome offers to web pages (navigator.registerProtocolHandler) but not to extensions.
    delete manifest.browser_specific_settings;
    delete manifest.protocol_handlers;
  }
  return manifest as unknown as ManifestV3Export;
}
