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

// ---------------------------------------------------------------------------------------------
// Content scripts (issue 5). Kept apart from requestSchema: the background accepts these only
// from Ringside's own content script in a web page, and accepts nothing else from there.

/** A dialable number as detection or a tel: link gives it: "+74951234567", "84951234567", "101", "*72". */
export const pageNumberSchema = z.string().regex(/^\+?[0-9*#]{2,24}$/);

/**
 * Sent by the content script after a trusted click (event.isTrusted) on a marked number or a
 * tel:/callto:/sip: link. The number is what was found, not a dial string: dialling rules are
 * applied in the background.
 */
export const pageRequestSchema = z.object({
  type: z.literal('dial-from-page'),
  number: pageNumberSchema,
  /** "доб. 123", "ext. 45", ";ext=45" */
  extension: z.string().regex(/^[0-9]{1,10}$/).optional(),
  /** The number as written on the page or in the link, for messages and history. */
  raw: z.string().max(200),
});
export type PageRequest = z.infer<typeof pageRequestSchema>;

/** What a message sender says about itself (runtime.MessageSender, the fields that matter here). */
export interface SenderInfo {
  readonly id?: string;
  readonly url?: string;
  readonly tab?: unknown;
}

/**
 * True for Ringside's own content script in a web page: our extension id, inside a tab, in an
 * http(s) frame. Web pages cannot send runtime messages to an extension at all (there is no
 * externally_connectable); this tells the content script apart from Ringside's own pages.
 */
export function isOwnContentScript(sender: SenderInfo, ownId: string): boolean {
  return sender.id === ownId && sender.tab !== undefined && sender.tab !== null && /^https?:\/\//i.test(sender.url ?? '');
}

/** The popup asks the content script of the active tab about its page (tabs.sendMessage, frame 0). */
export const pageStatusRequestSchema = z.object({ type: z.literal('page-status') });

export const pageStatusSchema = z.object({
  /** The page's host, as the per-site switch keeps it. */
  host: z.string().max(253),
  /** What Ringside does on this page now. */
  state: z.enum(['on', 'site-off', 'linkify-off', 'page-opt-out', 'not-set-up']),
  /** Numbers marked in this frame. */
  marked: z.number().int().min(0),
});
export type PageStatus = z.infer<typeof pageStatusSchema>;
