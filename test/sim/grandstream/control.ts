/**
 * The simulator's own control API under /sim/ (not part of any phone): lets tests, the demo script
 * and the human-facing page make calls ring, get answered, hang up, and inject faults.
 * JSON in (query parameters or a JSON object body) and JSON out: `{"ok":true,…}` or 400
 * `{"ok":false,"error":"…"}` (the plumbing is in ../shared/control.ts).
 */
import { badRequest, ControlError, findRoute, flag, integer, post, required } from '../shared/control.ts';
import type { ControlResult, ControlRoute, Params } from '../shared/control.ts';
import { SimStateError } from './phone.ts';

export { ControlError, controlParams, type ControlResult } from '../shared/control.ts';

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

type Route = ControlRoute<SimControls>;

const ROUTES: Readonly<Record<string, Route>> = {
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

/** Runs `/sim/<name>`; never throws — every failure is a 4xx with a sentence. */
export function runControl(sim: SimControls, method: string, name: string, params: Params): ControlResult {
  const found = findRoute(ROUTES, method, name);
  if ('refusal' in found) return found.refusal;
  try {
    return { status: 200, body: { ok: true, ...found.route.run(sim, params) } };
  } catch (err) {
    return badRequest(err, (e) => e instanceof SimStateError);
  }
}

/** `line` is optional everywhere except state-set; an empty form field means "not given". */
function optionalLine(p: Params): number | undefined {
  return p['line'] === undefined || p['line'] === '' ? undefined : integer(p, 'line', 1, 48);
}
