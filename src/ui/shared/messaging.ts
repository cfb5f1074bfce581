// Requests from a page to the background (src/core/messages.ts), with the reply validated.
// Whatever goes wrong on the way — no background, a reply that does not fit — becomes a
// sentence, so the pages only ever show a LocalText.
import browser from 'webextension-polyfill';
import { z } from 'zod';
import { type Request, responseSchema } from '../../core/messages.ts';
import { localTextSchema, text, type LocalText } from '../../core/text.ts';

export type Outcome = { readonly ok: true; readonly number?: string } | { readonly ok: false; readonly error: LocalText };

export interface DiagnosisReply {
  readonly outcome: string;
  readonly messages: readonly LocalText[];
}

const diagnosisReplySchema = z.object({
  ok: z.literal(true),
  diagnosis: z.object({ outcome: z.string(), messages: z.array(localTextSchema) }),
});

async function send(request: Request): Promise<unknown> {
  return browser.runtime.sendMessage(request);
}

function unreachable(e: unknown): LocalText {
  return text('uiNoBackground', e instanceof Error ? e.message : String(e));
}

/** Dial, call actions, reconnect: the reply is ok or an error sentence. */
export async function sendCommand(request: Exclude<Request, { type: 'diagnose' }>): Promise<Outcome> {
  let raw: unknown;
  try {
    raw = await send(request);
  } catch (e) {
    return { ok: false, error: unreachable(e) };
  }
  const parsed = responseSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: text('uiBadReply') };
  const reply = parsed.data;
  if (!reply.ok) return { ok: false, error: reply.error };
  return 'number' in reply && reply.number !== undefined ? { ok: true, number: reply.number } : { ok: true };
}

/** "Test connection": the reply carries a diagnosis, or an error sentence. */
export async function sendDiagnose(request: Extract<Request, { type: 'diagnose' }>): Promise<
  { readonly ok: true; readonly diagnosis: DiagnosisReply } | { readonly ok: false; readonly error: LocalText }
> {
  let raw: unknown;
  try {
    raw = await send(request);
  } catch (e) {
    return { ok: false, error: unreachable(e) };
  }
  const diagnosis = diagnosisReplySchema.safeParse(raw);
  if (diagnosis.success) return { ok: true, diagnosis: diagnosis.data.diagnosis };
  const parsed = responseSchema.safeParse(raw);
  if (parsed.success && !parsed.data.ok) return { ok: false, error: parsed.data.error };
  return { ok: false, error: text('uiBadReply') };
}
