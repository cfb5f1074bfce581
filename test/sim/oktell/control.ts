/**
 * The simulator's own control API under /sim/ (not part of Oktell): lets tests, the demo script
 * and the page at /sim make the line ring, answer, hang up, hold, and inject faults. JSON in
 * (query parameters or a JSON object body) and JSON out: `{"ok":true,…}` or 4xx
 * `{"ok":false,"error":"…"}` — the same conventions as the other simulators.
 *
 *   POST /sim/ring {from, name}         an incoming call rings the user's phone
 *   POST /sim/answer                    the user picks up (incoming, or Oktell calling back)
 *   POST /sim/remote-answer             the far end of an outgoing call answers
 *   POST /sim/hangup {side}             remote (default) or user
 *   POST /sim/missed                    the caller gives up while it rings
 *   POST /sim/elsewhere                 another phone of the group answers
 *   POST /sim/hold, /sim/unhold         flash on the phone
 *   POST /sim/offline {ms}, /sim/online the web server stops (back after ms, default 5000)
 *   POST /sim/client {running}          the desktop client runs or not
 *   POST /sim/drop                      cut every WebSocket connection
 *   POST /sim/password {login, password}
 *   POST /sim/login-error {error|errormsg|clear}
 *   POST /sim/intercom {on}, /sim/redirect {on}, /sim/multipart {bytes}, /sim/html {on}
 *   POST /sim/reset-log;  GET /sim/state
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
import { LineStateError, type SimCall } from './line.ts';

export { ControlError, controlParams } from '../shared/control.ts';

export interface SimControls {
  ring(from: string, name?: string): SimCall;
  answer(): SimCall;
  remoteAnswer(): SimCall;
  hangup(side?: 'remote' | 'user'): SimCall;
  missed(): SimCall;
  answeredElsewhere(): SimCall;
  hold(): SimCall;
  unhold(): SimCall;
  setOffline(offline: boolean): Promise<void>;
  setClientRunning(running: boolean): Promise<void>;
  dropWebSockets(): number;
  setPassword(login: string, password: string): void;
  setLoginError(error: { error?: number; errormsg?: string } | undefined): void;
  setIntercom(on: boolean): void;
  setRedirect(on: boolean): void;
  setMultipart(bytes: number): void;
  setHtmlMode(on: boolean): void;
  resetLog(): void;
  stateSnapshot(): Record<string, unknown>;
}

type Route = ControlRoute<SimControls, ControlReply | Promise<ControlReply>>;

const callReply = (call: SimCall): ControlReply => ({ call: { ...call } });

const ROUTES: Readonly<Record<string, Route>> = {
  ring: post((sim, p) => callReply(sim.ring(required(p, p.from !== undefined ? 'from' : 'number'), p.name ?? ''))),
  answer: post((sim) => callReply(sim.answer())),
  'remote-answer': post((sim) => callReply(sim.remoteAnswer())),
  hangup: post((sim, p) => {
    const side = p.side === undefined || p.side === '' ? 'remote' : p.side;
    if (side !== 'remote' && side !== 'user') throw new ControlError(`parameter "side" must be remote or user, got "${side}"`);
    return callReply(sim.hangup(side));
  }),
  missed: post((sim) => callReply(sim.missed())),
  elsewhere: post((sim) => callReply(sim.answeredElsewhere())),
  hold: post((sim) => callReply(sim.hold())),
  unhold: post((sim) => callReply(sim.unhold())),
  ...offlineRoutes<SimControls>(),
  client: post(async (sim, p) => {
    await sim.setClientRunning(flag(p, 'running'));
    return {};
  }),
  drop: post((sim) => ({ dropped: sim.dropWebSockets() })),
  password: post((sim, p) => (sim.setPassword(required(p, 'login'), required(p, 'password')), {})),
  'login-error': post((sim, p) => {
    if (p.clear !== undefined && p.clear !== '') {
      sim.setLoginError(undefined);
      return {};
    }
    const error = p.error !== undefined && p.error !== '' ? integer(p, 'error', 1, 999_999) : undefined;
    const errormsg = p.errormsg !== undefined && p.errormsg !== '' ? p.errormsg : undefined;
    if (error === undefined && errormsg === undefined) throw new ControlError('give error, errormsg or clear');
    sim.setLoginError({ ...(error !== undefined ? { error } : {}), ...(errormsg !== undefined ? { errormsg } : {}) });
    return {};
  }),
  intercom: post((sim, p) => (sim.setIntercom(flag(p, 'on')), {})),
  redirect: post((sim, p) => (sim.setRedirect(flag(p, 'on')), {})),
  multipart: post((sim, p) => (sim.setMultipart(integer(p, 'bytes', 0, 1_000_000)), {})),
  html: post((sim, p) => (sim.setHtmlMode(flag(p, 'on')), {})),
  'reset-log': post((sim) => (sim.resetLog(), {})),
  state: { method: 'GET', run: (sim) => sim.stateSnapshot() },
};

export type ControlResult = ControlRunResult;

/** Runs `/sim/<name>`; never throws for a bad request — every failure is a 4xx with a sentence. */
export function runControl(sim: SimControls, method: string, name: string, params: Params): Promise<ControlResult> {
  return runRoute(ROUTES, sim, method, name, params, (e) => e instanceof LineStateError);
}
