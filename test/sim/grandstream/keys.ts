/**
 * `api-send_key` key names (reference/protocols.md §1.10) and what each does to the simulated phone.
 *
 * Names are case-sensitive here on purpose: every public client sends them upper-case, and a driver
 * that sends something else should fail in tests rather than on a customer's phone [?].
 */

export type KeyAction =
  | { kind: 'digit'; char: string }
  | { kind: 'send' }
  | { kind: 'offhook' }
  | { kind: 'onhook' }
  | { kind: 'hold' }
  | { kind: 'line'; line: number }
  /** A real key with no effect on call state in the simulator (volume, navigation, softkeys…). */
  | { kind: 'noop'; key: string };

/** Digits arrive literally; `#` arrives as %23 and is decoded by the query parser (§1.3). */
const DIGIT_ALIASES: Readonly<Record<string, string>> = { STAR: '*', POUND: '#' };

/**
 * Keys with no call-state effect in the simulator. From §1.10: verified in the GRP26xx guide (OK,
 * LOCK, UNLOCK, UP/DOWN/LEFT/RIGHT), seen in clients (MUTE), listed without example [?] (SPEAKER,
 * VUP, VDOWN). CONF/TRANSFER/HEADSET/SHARP are only [?] in the reference and deliberately absent,
 * so a driver relying on them fails here. There is no FLASH key (§1.10).
 */
const NOOP_KEYS = new Set(['MUTE', 'SPEAKER', 'OK', 'UP', 'DOWN', 'LEFT', 'RIGHT', 'VUP', 'VDOWN', 'LOCK', 'UNLOCK']);

const MAX_MPK = 24;
const MAX_SOFTKEY = 4;

/** Maps one key name to its action; undefined for a key the phone does not know. */
export function parseKey(key: string, lineCount: number): KeyAction | undefined {
  if (/^[0-9*#]$/.test(key)) return { kind: 'digit', char: key };
  const alias = DIGIT_ALIASES[key];
  if (alias !== undefined) return { kind: 'digit', char: alias };
  switch (key) {
    case 'SEND':
      return { kind: 'send' };
    case 'OFFHOOK':
      return { kind: 'offhook' };
    case 'ONHOOK':
      return { kind: 'onhook' };
    case 'HOLD':
      return { kind: 'hold' };
  }
  if (NOOP_KEYS.has(key)) return { kind: 'noop', key };
  const numbered = /^(MPK|SOFT|LINE)([1-9][0-9]?)$/.exec(key);
  if (!numbered) return undefined;
  const n = Number(numbered[2]);
  if (numbered[1] === 'MPK') return n <= MAX_MPK ? { kind: 'noop', key } : undefined;
  if (numbered[1] === 'SOFT') return n <= MAX_SOFTKEY ? { kind: 'noop', key } : undefined;
  return n <= lineCount ? { kind: 'line', line: n } : undefined;
}

/**
 * Splits the `keys` parameter (keys joined with ':', §1.10) and parses every key. Returns undefined
 * if any key is unknown or empty — the phone then answers "unknown" and does nothing (§1.6).
 * An empty key is what a driver produces when it forgets to encode '#': the browser treats the rest
 * of the URL as a fragment and `keys=1:2:#:SEND` reaches the phone as `keys=1:2:`.
 */
export function parseKeys(keys: string | undefined, lineCount: number): KeyAction[] | undefined {
  if (keys === undefined || keys === '') return undefined;
  const actions: KeyAction[] = [];
  for (const key of keys.split(':')) {
    const action = parseKey(key, lineCount);
    if (!action) return undefined;
    actions.push(action);
  }
  return actions;
}
