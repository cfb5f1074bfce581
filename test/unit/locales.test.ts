// Every sentence the user can see exists in English and Russian, with the same placeholders.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json' with { type: 'json' };
import ru from '../../public/_locales/ru/messages.json' with { type: 'json' };
import { renderText, text } from '../../src/core/text.ts';

describe('languages', () => {
  it('has every key used in the code in both languages (scripts/check-locales.mjs)', () => {
    const script = resolve(import.meta.dirname, '../../scripts/check-locales.mjs');
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('renders a diagnosis sentence with its substitutions in each language', () => {
    const sentence = text('gsOk', '192.168.1.50', 3);
    expect(renderText(en, sentence)).toContain('192.168.1.50');
    expect(renderText(en, sentence)).toContain('3');
    expect(renderText(ru, sentence)).toContain('192.168.1.50');
    expect(renderText(ru, sentence)).not.toBe(renderText(en, sentence));
  });
});
