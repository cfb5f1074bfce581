// What to say when the user did not allow Ringside to reach the phone or the PBX.
import type { Backend } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { serverName } from '../shared/labels.ts';

export function accessRefused(backend: Backend, host: string): LocalText {
  if (backend === 'asterisk') return text('astAccessRefused', host);
  const name = serverName(backend);
  return name ? text('serverAccessRefused', name, host) : text('errAccessRefused', host);
}
