// The content script (manifest.json content_scripts): every http(s) page and frame, at
// document_idle. Built as one self-contained file (crxjs builds *.iife.ts without a loader), so
// nothing of it has to be web-accessible for pages to probe. See src/content/README.md.
import { config as zodConfig } from 'zod';
import { findPhoneNumbers } from '../core/phone/detect.ts';
import { contentApi } from '../platform/content.ts';
import { SETTINGS_KEY, startContent } from './controller.ts';
import shadowCss from './marks.css?inline';

// zod probes `new Function` once to speed up parsing; pages' and the extension's CSP forbid it
// in content scripts, so do not even try.
zodConfig({ jitless: true });

const api = contentApi();
// Injected twice into one frame (an extension reload in development)? The first one stays.
const flag = '__ringsideContent';
const scope = globalThis as Record<string, unknown>;
if (api && !scope[flag] && document.documentElement instanceof HTMLElement) {
  scope[flag] = true;
  const content = startContent({
    win: window,
    api,
    shadowCss,
    detect: (text, region) => findPhoneNumbers(text, { region }),
  });
  api.readStored(SETTINGS_KEY).then(
    (stored) => content.apply(stored),
    () => content.stop(),
  );
}
