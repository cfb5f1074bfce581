// The reply of `getextendedlineinfo` — what the user's line is doing now — validated and reduced
// to what a call needs (protocols.md §3.3, [SRC oktell.js phone.loadStates/createAbonent]).
//
// Fields oktell.js reads: linestatestr ("lsCommutated", "lsHookUp", "lsDisconnected",
// "lsReserved"…), chainid, calledid, timertalklensec, isflashing + flashed (the abonent on hold),
// and abonent {isringing, direction ("acm_callback" when Oktell rings the user back for a call
// the user placed), isautocall, iscommutated, iswaitinginflash, isconference, conferenceid, isivr,
// extline, number, callerid, userid, userlogin, username, simplename, name, caption, isextline}.
// Flags may come as booleans or 0/1 [?]; missing fields are empty, never an error.
import { z } from 'zod';
import { digitsOf } from './target.ts';

const flag = z.preprocess((v) => v === true || v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'true'), z.boolean());
const text = z.preprocess((v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : ''), z.string());
const present = z.preprocess((v) => v !== undefined && v !== null && v !== false && v !== '' && v !== 0 && v !== '0', z.boolean());

const abonentSchema = z.object({
  isringing: flag,
  direction: text,
  isautocall: flag,
  iscommutated: flag,
  iswaitinginflash: flag,
  isconference: flag,
  isivr: flag,
  iswaitingforanswer: flag,
  extline: present,
  number: text,
  callerid: text,
  chainid: text,
  simplename: text,
  username: text,
  name: text,
  caption: text,
});

const optionalAbonent = z.preprocess((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined), abonentSchema.optional());

export const lineInfoSchema = z.object({
  linestatestr: text,
  chainid: text,
  calledid: text,
  isflashing: flag,
  flashed: optionalAbonent,
  abonent: optionalAbonent,
});

export type RawAbonent = z.infer<typeof abonentSchema>;
export type LineInfo = z.infer<typeof lineInfoSchema>;

/** One party on the user's line, as the call tracker needs it. */
export interface LineParty {
  /** Call chain GUID ('' when absent or all zeros). */
  readonly chain: string;
  readonly number: string;
  readonly name: string;
  readonly ringing: boolean;
  /** Oktell is calling the user back for a call the user placed (direction acm_callback). */
  readonly callback: boolean;
  /** An auto-call (the server dials for the user) is under way. */
  readonly autocall: boolean;
  readonly talking: boolean;
  /** This party waits "in flash": on hold. */
  readonly waiting: boolean;
}

export interface LineSnapshot {
  readonly state: string;
  /** The party the line is busy with, if any. */
  readonly current: LineParty | undefined;
  /** The party held in flash (isflashing + flashed), if any. */
  readonly held: LineParty | undefined;
}

const ZERO_GUID = /^[{(]?0{8}-?0{4}-?0{4}-?0{4}-?0{12}[)}]?$/;

function chainOf(value: string): string {
  return ZERO_GUID.test(value) ? '' : value.toLowerCase().replace(/[{}()]/g, '');
}

/** "Ivan Petrov" from the first name-like field; a caller ID that is only a number is no name. */
function nameOf(raw: RawAbonent, number: string): string {
  const candidates = [raw.simplename, raw.username, raw.name, raw.caption];
  if (/[^\d\s+*#()-]/.test(raw.callerid)) candidates.push(raw.callerid);
  const name = candidates.find((c) => c !== '') ?? '';
  const onlyTheNumber = name === number || (digitsOf(name) === digitsOf(number) && !/[^\d\s+()-]/.test(name));
  return onlyTheNumber ? '' : name;
}

function partyOf(raw: RawAbonent | undefined, info: LineInfo, lsCommutated: boolean): LineParty | undefined {
  if (!raw) return undefined;
  const calleridIsNumber = raw.callerid !== '' && !/[^\d\s+*#()-]/.test(raw.callerid);
  const number = raw.number || (calleridIsNumber ? raw.callerid : '') || (raw.callerid === '' ? info.calledid : '');
  const chain = chainOf(raw.chainid || info.chainid);
  const talking = raw.iscommutated || raw.isconference || (lsCommutated && raw.isivr && !raw.iswaitingforanswer);
  const busy = raw.isringing || raw.isautocall || talking || raw.iswaitinginflash;
  if (!busy && number === '' && !raw.extline) return undefined;
  return {
    chain,
    number,
    name: nameOf(raw, number),
    ringing: raw.isringing,
    callback: /^acm/i.test(raw.direction),
    autocall: raw.isautocall,
    talking,
    waiting: raw.iswaitinginflash,
  };
}

export type LineInfoParse = { readonly ok: true; readonly snapshot: LineSnapshot } | { readonly ok: false; readonly problem: string };

export function readLineInfo(params: unknown): LineInfoParse {
  const parsed = lineInfoSchema.safeParse(params);
  if (!parsed.success) return { ok: false, problem: `getextendedlineinfo: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const info = parsed.data;
  const lsCommutated = info.linestatestr.toLowerCase() === 'lscommutated';
  const held = info.isflashing ? partyOf(info.flashed, { ...info, chainid: '' }, false) : undefined;
  return {
    ok: true,
    snapshot: {
      state: info.linestatestr,
      current: partyOf(info.abonent, info, lsCommutated),
      held: held ? { ...held, waiting: true, talking: false, ringing: false } : undefined,
    },
  };
}
