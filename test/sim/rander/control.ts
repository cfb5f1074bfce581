/**
 * The simulator's own control API under /sim/ (not part of RanderWEB): lets tests, the demo script
 * and a human with curl make an extension ring, answer, hang up either side, let a ring run out,
 * expire tokens, refuse logins, cut or stall the WebSockets and take the server offline.
 * JSON in (query parameters or a JSON object body) and JSON out: `{"ok":true,…}` or 4xx
 * `{"ok":false,"error":"…"}` — same conventions as the other simulators.
 *
 *   curl -X POST 'http://127.0.0.1:5005/sim/ring?from=%2B74951234567&name=Ivan&to=103'
 */
import {
  ControlError,
  flag,
  integer,
  offlineRoutes,
  post,
  required,
  runRoute,
  type ControlReply,
  type ControlRoute,
  type ControlRunResult,
  type Params,
} from '../shared/control.ts';
import { LineStateError, type HangupSide, type SimCall } from './lines.ts';

export { ControlError, controlParams } from '../shared/control.ts';

/** The simulator operations the control API drives (RanderSim implements them). */
export interface SimControls {
  ring(input: { from: string; name?: string; to: string }): SimCall;
  answer(ref?: string): SimCall;
  answerFar(ref?: string): SimCall;
  hold(ref?: string): SimCall;
  unhold(ref?: string): SimCall;
  hangup(ref?: string, side?: HangupSide): SimCall;
  missed(ref?: string): SimCall;
  busy(ref?: string): SimCall;
  expireTokens(): number;
  rejectLogins(on: boolean): void;
  dropWebSockets(): number;
  stallWebSockets(): number;
  invalidateConnections(): number;
  setOffline(offline: boolean): Promise<void>;
  resetLog(): void;
  stateSnapshot(): Record<string, unknown>;
}

type Route = ControlRoute<SimControls, ControlReply | Promise<ControlReply>>;

const callReply = (call: SimCall): Record<string, unknown> => ({ call });

/** `id` (a call id) or `line` (an extension), whichever is given. */
function ref(p: Params): string | undefined {
  const value = p['id'] || p['line'] || p['extension'];
  return value === undefined || value === '' ? undefined : value;
}

const ROUTES: Readonly<Record<string, Route>> = {
  ring: post((sim, p) =>
    callReply(
      sim.ring({
        from: required(p, p['from'] !== undefined ? 'from' : 'number'),
        name: p['name'] ?? '',
        to: p['to'] || p['extension'] || '103',
      }),
    ),
  ),
  answer: post((sim, p) => callReply(sim.answer(ref(p)))),
  'answer-far': post((sim, p) => callReply(sim.answerFar(ref(p)))),
  hold: post((sim, p) => callReply(sim.hold(ref(p)))),
  unhold: post((sim, p) => callReply(sim.unhold(ref(p)))),
  hangup: post((sim, p) => {
    const side = p['side'];
    if (side !== undefined && side !== '' && side !== 'extension' && side !== 'remote') {
      throw new ControlError(`parameter "side" must be extension or remote, got "${side}"`);
    }
    return callReply(sim.hangup(ref(p), (side || 'extension') as HangupSide));
  }),
  missed: post((sim, p) => callReply(sim.missed(ref(p)))),
  busy: post((sim, p) => callReply(sim.busy(ref(p)))),
  'expire-tokens': post((sim) => ({ expired: sim.expireTokens() })),
  'reject-logins': post((sim, p) => (sim.rejectLogins(flag(p, 'on')), {})),
  'drop-websockets': post((sim) => ({ dropped: sim.dropWebSockets() })),
  'stall-websockets': post((sim) => ({ stalled: sim.stallWebSockets() })),
  'invalidate-connections': post((sim) => ({ invalidated: sim.invalidateConnections() })),
  ...offlineRoutes<SimControls>(),
  'reset-log': post((sim) => (sim.resetLog(), {})),
  state: { method: 'GET', run: (sim) => sim.stateSnapshot() },
};

export type ControlResult = ControlRunResult;

/** Runs `/sim/<name>`; never throws for a bad request — every failure is a 4xx with a sentence. */
export function runControl(sim: SimControls, method: string, name: string, params: Params): Promise<ControlResult> {
  return runRoute(ROUTES, sim, method, name, params, (e) => e instanceof LineStateError);
}
