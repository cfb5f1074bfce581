// What to say when the user did not allow Ringside to reach the phone or the PBX.
import type { Backend } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';

export function accessRefused(backend: Backend, host: string): LocalText {
  return backend === 'asterisk' ? text('astAccessRefused', host) : text('errAccessRefused', host);
}
