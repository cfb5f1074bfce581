// Messages between the extension's pages and the background, validated with zod on arrival
// (DESIGN.md "Rules that hold everywhere"). The state itself is not sent around: the background
// writes it to storage.session and the pages read and follow it there.
import { z } from 'zod';
import { settingsSchema } from './settings.ts';
import { localTextSchema } from './text.ts';

export const callActionSchema = z.enum(['answer', 'reject', 'hold', 'resume', 'hangup']);

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dial'), number: z.string().max(200) }),
  z.object({ type: z.literal('call-action'), callId: z.string().min(1).max(200), action: callActionSchema }),
  z.object({ type: z.literal('diagnose'), settings: settingsSchema }),
  z.object({ type: z.literal('reconnect') }),
  /** Sent by a page when it opens, so that a stopped background starts and resumes watching. */
  z.object({ type: z.literal('wake') }),
]);
export type Request = z.infer<typeof requestSchema>;


// The diagnosis member comes first: a union takes the first match, and the plain success
// member would otherwise match a diagnosis reply and strip it.
export const responseSchema = z.union([
  z.object({
    ok: z.literal(true),
    diagnosis: z.object({ outcome: z.string(), messages: z.array(localTextSchema) }),
  }),
  z.object({ ok: z.literal(true), number: z.string().optional() }),
  z.object({ ok: z.literal(false), error: localTextSchema }),
]);
export type Response = z.infer<typeof responseSchema>;
