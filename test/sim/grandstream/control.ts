/**
 * The simulator's own control API under /sim/ (not part of any phone): lets tests, the demo script
 * and the human-facing page make calls ring, get answered, hang up, and inject faults.
 * JSON in (query parameters or a JSON object body) and JSON out: `{"ok":true,…}` or 400
 * `{"ok":false,"error":"…"}`.
 */
import { SimStateError } from './phone.ts';

/** The simulator operations the control API drives (GrandstreamSim implements them). */
export interface SimControls {
  ring(number: string, name: string, line?: number): number;
  answerOnHandset(line?: number): number;
  answeredElsewhere(line?: number): number;
  remoteHangup(line?: number): number;
  remoteAnswer(line?: number): number;
  setLineState(line: number, state: string): void;
  setOffline(offline: boolean): void;
  setPassword(password: string): void;
  setHtmlMode(on: boolean): void;
  setMalformed(on: boolean): void;
  setDelay(ms: number): void;
  resetLog(): void;
  stateSnapshot(): Record<string, unknown>;
}

/** A bad control request: becomes HTTP 400 with this message. */
export class ControlError extends Error {
  override name = 'ControlError';
}

type Params = Readonly<Record<string, string>>;
type ControlAction = (sim: SimControls, params: Params) => Record<string, unknown>;

interface ControlRoute {
  method: 'GET' | 'POST';
  run: ControlAction;
}

const ROUTES: Readonly<Record<string, ControlRoute>> = {
  ring: post((sim, p) => ({ line: sim.ring(required(p, 'number'), p['name'] ?? '', optionalLine(p)) })),
  answer: post((sim, p) => ({ line: sim.answerOnHandset(optionalLine(p)) })),
  elsewhere: post((sim, p) => ({ line: sim.answeredElsewhere(optionalLine(p)) })),
  hangup: post((sim, p) => ({ line: sim.remoteHangup(optionalLine(p)) })),
  'remote-answer': post((sim, p) => ({ line: sim.remoteAnswer(optionalLine(p)) })),
  'state-set': post((sim, p) => {
    sim.setLineState(integer(p, 'line', 1, 48), required(p, 'state'));
    return {};
  }),
  offline: post((sim) => (sim.setOffline(true), {})),
  online: post((sim) => (sim.setOffline(false), {})),
  password: post((sim, p) => {
    const value = p['value'];
    if (value === undefined) throw new ControlError('missing parameter "value"');
    sim.setPassword(value);
    return {};
  }),
  html: post((sim, p) => (sim.setHtmlMode(flag(p, 'on')), {})),
  malformed: post((sim, p) => (sim.setMalformed(flag(p, 'on')), {})),
  delay: post((sim, p) => (sim.setDelay(integer(p, 'ms', 0, 60_000)), {})),
  'reset-log': post((sim) => (sim.resetLog(), {})),
  state: { method: 'GET', run: (sim) => sim.stateSnapshot() },
};

export interface ControlResult {
  status: number;
  body: Record<string, unknown>;
}

/** Runs `/sim/<name>`; never throws — every failure is a 4xx with a sentence. */
export function runControl(sim: SimControls, method: string, name: string, params: Params): ControlResult {
  const route = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (!route) return { status: 404, body: { ok: false, error: `unknown control endpoint /sim/${name}` } };
  if (method !== route.method) {
    return { status: 405, body: { ok: false, error: `/sim/${name} needs ${route.method}, got ${method}` } };
  }
  try {
    return { status: 200, body: { ok: true, ...route.run(sim, params) } };
  } catch (err) {
    if (err instanceof ControlError || err instanceof SimStateError) {
      return { status: 400, body: { ok: false, error: err.message } };
    }
    throw err;
  }
}

/**
 * Merges query parameters with a JSON object body (body wins). Scalars are stringified so both
 * `?line=2` and `{"line":2}` work.
 */
export function controlParams(query: Params, rawBody: string): Record<string, string> {
  const params: Record<string, string> = { ...query };
  if (rawBody.trim() === '') return params;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new ControlError('body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ControlError('body must be a JSON object');
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params[key] = String(value);
    } else if (value !== null) {
      throw new ControlError(`parameter "${key}" must be a string, number or boolean`);
    }
  }
  return params;
}

function post(run: ControlAction): ControlRoute {
  return { method: 'POST', run };
}

function required(p: Params, key: string): string {
  const value = p[key];
  if (value === undefined || value === '') throw new ControlError(`missing parameter "${key}"`);
  return value;
}

function integer(p: Params, key: string, min: number, max: number): number {
  const raw = required(p, key);
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw new ControlError(`parameter "${key}" must be an integer ${min}..${max}, got "${raw}"`);
  }
  return value;
}

/** `line` is optional everywhere except state-set; an empty form field means "not given". */
function optionalLine(p: Params): number | undefined {
  return p['line'] === undefined || p['line'] === '' ? undefined : integer(p, 'line', 1, 48);
}

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);
const FALSE_WORDS = new Set(['0', 'false', 'off', 'no']);

function flag(p: Params, key: string): boolean {
  const raw = required(p, key).toLowerCase();
  if (TRUE_WORDS.has(raw)) return true;
  if (FALSE_WORDS.has(raw)) return false;
  throw new ControlError(`parameter "${key}" must be 1 or 0, got "${raw}"`);
}
