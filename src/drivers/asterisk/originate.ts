// Channel variables that ask the user's own phone to pick up a click-to-dial call by itself,
// so the handset need not be lifted. Which header a phone honours depends on its brand
// [? not verified on hardware]: "Call-Info: …;answer-after=0" (Grandstream, Yealink, Snom,
// Polycom) or "Alert-Info: info=alert-autoanswer" (Yealink, some Fanvil). chan_pjsip sets
// headers with the PJSIP_HEADER function (the variable is applied to the new channel before the
// call is placed); chan_sip reads SIPADDHEADER.
import type { AsteriskSettings } from '../../core/settings.ts';

const HEADERS: Record<Exclude<AsteriskSettings['autoAnswer'], 'off'>, readonly [string, string]> = {
  'call-info': ['Call-Info', '<sip:127.0.0.1>;answer-after=0'],
  'alert-info': ['Alert-Info', 'info=alert-autoanswer'],
};

export function autoAnswerVariables(device: string, mode: AsteriskSettings['autoAnswer']): string[] {
  if (mode === 'off') return [];
  const [name, value] = HEADERS[mode];
  const tech = device.split('/')[0]?.toUpperCase();
  if (tech === 'PJSIP') return [`PJSIP_HEADER(add,${name})=${value}`];
  if (tech === 'SIP') return [`SIPADDHEADER=${name}: ${value}`];
  return [];
}
