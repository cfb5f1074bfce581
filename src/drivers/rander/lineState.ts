// Reads a server→client hub message as a line state, with the field names, positional order and
// state words of the table in commands.ts. Pure and tolerant: whatever does not look like a line
// state is 'ignored', a state word nobody knows is reported once by the driver, nothing throws.
import type { Party } from '../../core/call.ts';
import {
  DIRECTION_WORDS,
  LINE_FIELDS,
  LINE_POSITIONAL,
  LINE_STATE_METHODS,
  STATE_WORDS,
  TAPI_CALL_STATES,
  fieldOf,
  type LineCallState,
} from './commands.ts';
import type { HubMessage } from './frames.ts';

export interface LineStateUpdate {
  /** '' when the message does not name the line (then it is taken as the subscribed one). */
  readonly line: string;
  readonly state: LineCallState;
  /** '' when the message carries no call id. */
  readonly callId: string;
  readonly caller: Party;
  readonly called: Party;
  readonly direction: 'in' | 'out' | undefined;
}

export type LineStateReading =
  | { readonly kind: 'update'; readonly update: LineStateUpdate }
  | { readonly kind: 'unknown-state'; readonly line: string; readonly state: string }
  | { readonly kind: 'ignored' };

type Field = keyof typeof LINE_FIELDS;

export function readLineState(message: HubMessage): LineStateReading {
  const known = LINE_STATE_METHODS.some((m) => m.toLowerCase() === message.method.toLowerCase());
  const first = objectOf(message.args[0]);
  if (first) return fromRecord(first);
  if (!known) return { kind: 'ignored' };
  const values: Partial<Record<Field, unknown>> = {};
  LINE_POSITIONAL.forEach((field, index) => {
    values[field] = message.args[index];
  });
  return fromValues((field) => values[field]);
}

/** The first argument as an object: an object, or a string holding a JSON object (some servers serialise twice). */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function fromRecord(record: Record<string, unknown>): LineStateReading {
  return fromValues((field) => {
    for (const name of LINE_FIELDS[field]) {
      const value = fieldOf(record, name);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  });
}

function fromValues(get: (field: Field) => unknown): LineStateReading {
  const rawState = get('state');
  if (rawState === undefined || rawState === null || rawState === '') return { kind: 'ignored' };
  const line = scalar(get('line'));
  const state = stateOf(rawState);
  if (!state) return { kind: 'unknown-state', line, state: scalar(rawState) };
  return {
    kind: 'update',
    update: {
      line,
      state,
      callId: scalar(get('callId')),
      caller: { number: scalar(get('callerNumber')), name: scalar(get('callerName')) },
      called: { number: scalar(get('calledNumber')), name: scalar(get('calledName')) },
      direction: directionOf(get('direction')),
    },
  };
}

/** A TAPI number, a TAPI name with or without LINECALLSTATE_, or one of STATE_WORDS. */
export function stateOf(value: unknown): LineCallState | undefined {
  if (typeof value === 'number') return TAPI_CALL_STATES[value];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(trimmed)) return TAPI_CALL_STATES[Number(trimmed)];
  const word = trimmed.toUpperCase().replace(/^LINECALLSTATE_/, '').replace(/[\s_-]+/g, '');
  return Object.hasOwn(STATE_WORDS, word) ? STATE_WORDS[word] : undefined;
}

function directionOf(value: unknown): 'in' | 'out' | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toUpperCase();
  return Object.hasOwn(DIRECTION_WORDS, word) ? DIRECTION_WORDS[word] : undefined;
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}
