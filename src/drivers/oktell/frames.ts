// The Oktell WebSocket wire format (protocols.md §3.3, [SRC Bpium/oktell-js oktell.js 1.7]):
// - every frame is a JSON array [method, params]; requests carry params.qid and the reply
//   echoes it in data[1].qid (its method name is not relied on);
// - a reply without `result` counts as result 1 (oktell.js: `if (d.result === undefined) d.result = 1`);
//   a failure has a non-zero `error` and/or an `errormsg`, or result 0;
// - large messages arrive as ["multipart", {"message-id", packetcount, packetnumber, content}]
//   parts: content is base64, packetnumber counts from 0 (oktell.js stores part n at index n and
//   is done when it holds packetcount parts); the joined bytes are one JSON frame;
// - events are pushed as [eventName, data] with no qid of ours.
import { z } from 'zod';

export type OktellParams = Readonly<Record<string, unknown>>;

export interface OktellFrame {
  readonly method: string;
  readonly params: OktellParams;
}

export function encodeFrame(method: string, params: OktellParams): string {
  return JSON.stringify([method, params]);
}

const frameSchema = z.tuple([z.string().min(1).max(200)]).rest(z.unknown());
const paramsSchema = z.record(z.string(), z.unknown());

export type FrameParse = { readonly ok: true; readonly frame: OktellFrame } | { readonly ok: false; readonly problem: string };

/** Reads one frame; anything that is not `[string, object?]` JSON is a problem, never a throw. */
export function parseFrame(raw: unknown): FrameParse {
  if (typeof raw !== 'string') return { ok: false, problem: 'a binary frame' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: `not JSON: ${raw.slice(0, 60)}` };
  }
  const frame = frameSchema.safeParse(json);
  if (!frame.success) return { ok: false, problem: `not an Oktell frame: ${raw.slice(0, 60)}` };
  const [method, params] = frame.data;
  if (params === undefined || params === null) return { ok: true, frame: { method, params: {} } };
  const object = paramsSchema.safeParse(params);
  if (!object.success) return { ok: false, problem: `${method}: parameters are not an object` };
  return { ok: true, frame: { method, params: object.data } };
}

export interface ReplyError {
  /** Oktell's numeric error code, when it sent one (50093, 50025…). */
  readonly code: number | undefined;
  readonly message: string;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The error a reply carries, or undefined for success (see the module comment). */
export function replyError(params: OktellParams): ReplyError | undefined {
  const code = numberOf(params.error);
  const message = typeof params.errormsg === 'string' ? params.errormsg : typeof params.error === 'string' && code === undefined ? params.error : '';
  const result = params.result;
  const failedResult = result === 0 || result === false || result === '0' || result === 'false';
  if ((code !== undefined && code !== 0) || message !== '' || failedResult) return { code: code || undefined, message };
  return undefined;
}

/** What oktell.js accepts as a multipart part. */
const multipartSchema = z.object({
  'message-id': z.union([z.string(), z.number()]).transform(String),
  packetcount: z.coerce.number().int().min(1).max(10_000),
  packetnumber: z.coerce.number().int().min(0),
  content: z.string(),
});

const MAX_PENDING_MESSAGES = 50;
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

function base64Bytes(content: string): Uint8Array {
  const binary = atob(content.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type MultipartStep =
  | { readonly kind: 'partial' }
  | { readonly kind: 'complete'; readonly raw: string }
  | { readonly kind: 'problem'; readonly problem: string };

/**
 * Joins multipart parts. Each part is base64-decoded on its own (a server may pad every part)
 * and the bytes are joined before UTF-8 decoding, so a character split between parts survives.
 */
export class MultipartAssembler {
  private readonly messages = new Map<string, { count: number; parts: (Uint8Array | undefined)[]; received: number; bytes: number }>();

  add(params: OktellParams): MultipartStep {
    const part = multipartSchema.safeParse(params);
    if (!part.success) return { kind: 'problem', problem: 'multipart: malformed part' };
    const { packetcount: count, packetnumber: index, content } = part.data;
    const id = part.data['message-id'];
    if (index >= count) return { kind: 'problem', problem: `multipart ${id}: part ${index} of ${count}` };
    let bytes: Uint8Array;
    try {
      bytes = base64Bytes(content);
    } catch {
      return { kind: 'problem', problem: `multipart ${id}: part ${index} is not base64` };
    }
    let message = this.messages.get(id);
    if (!message || message.count !== count) {
      if (this.messages.size >= MAX_PENDING_MESSAGES) this.messages.delete(this.messages.keys().next().value!);
      message = { count, parts: new Array<Uint8Array | undefined>(count).fill(undefined), received: 0, bytes: 0 };
      this.messages.set(id, message);
    }
    if (message.parts[index] === undefined) message.received += 1;
    else message.bytes -= message.parts[index]!.length;
    message.parts[index] = bytes;
    message.bytes += bytes.length;
    if (message.bytes > MAX_MESSAGE_BYTES) {
      this.messages.delete(id);
      return { kind: 'problem', problem: `multipart ${id}: larger than ${MAX_MESSAGE_BYTES} bytes` };
    }
    if (message.received < count) return { kind: 'partial' };
    this.messages.delete(id);
    const joined = new Uint8Array(message.bytes);
    let offset = 0;
    for (const p of message.parts) {
      joined.set(p!, offset);
      offset += p!.length;
    }
    return { kind: 'complete', raw: new TextDecoder('utf-8').decode(joined) };
  }

  clear(): void {
    this.messages.clear();
  }
}

/** A random request id; oktell.js uses Math.random().toString(). */
export function newQid(sequence: number): string {
  return `rs${sequence.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
