/**
 * The simulator's own control API under /sim/ (not part of Asterisk): lets tests, the demo script
 * and the page at / make calls ring, answer, hang up, pick click-to-dial outcomes and inject faults.
 * JSON in (query parameters or a JSON object body) and JSON out: `{"ok":true,…}` or 4xx
 * `{"ok":false,"error":"…"}` — same conventions as the Grandstream simulator (../shared/control.ts).
 */
import { ControlError, flag, integer, offlineRoutes, post, required, runRoute } from '../shared/control.ts';
import type { ControlReply, ControlRoute, ControlRunResult, Params } from '../shared/control.ts';
import type { HangupSide, IncomingOutcome, OriginateOutcome, SimCall } from './pbx.ts';
import { INCOMING_OUTCOMES, ORIGINATE_OUTCOMES, PbxStateError } from './pbx.ts';

export { ControlError, controlParams } from '../shared/control.ts';

/** The simulator operations the control API drives (AsteriskSim implements them). */
export interface SimControls {
  incoming(input: { from: string; name?: string; outcome?: IncomingOutcome | 'manual'; ringGroup?: boolean }): SimCall;
  answer(id?: string): SimCall;
  hangup(id?: string, side?: HangupSide): SimCall;
  missed(id?: string): SimCall;
  answeredElsewhere(id?: string): SimCall;
  busy(id?: string): SimCall;
  reject(id?: string): SimCall;
  hold(id?: string): SimCall;
  unhold(id?: string): SimCall;
  nextOriginate(outcome: OriginateOutcome): void;
  originateOutcomeFor(number: string, outcome: OriginateOutcome | null): void;
  defaultOriginateOutcome(outcome: OriginateOutcome): void;
  setOffline(offline: boolean): Promise<void>;
  expireSessions(): number;
  kickWaitEvents(): number;
  setDelay(ms: number): void;
  setHtmlMode(on: boolean): void;
  resetLog(): void;
  stateSnapshot(): Record<string, unknown>;
}

type Route = ControlRoute<SimControls, ControlReply | Promise<ControlReply>>;

const callReply = (call: SimCall): Record<string, unknown> => ({ call });

const ROUTES: Readonly<Record<string, Route>> = {
  incoming: post((sim, p) => {
    const outcome = optionalChoice(p, 'outcome', [...INCOMING_OUTCOMES, 'manual'] as const);
    const ringGroup = p['ringGroup'] === undefined || p['ringGroup'] === '' ? undefined : flag(p, 'ringGroup');
    return callReply(
      sim.incoming({
        from: required(p, p['from'] !== undefined ? 'from' : 'number'),
        name: p['name'] ?? '',
        ...(outcome ? { outcome } : {}),
        ...(ringGroup !== undefined ? { ringGroup } : {}),
      }),
    );
  }),
  answer: post((sim, p) => callReply(sim.answer(optionalId(p)))),
  hangup: post((sim, p) => callReply(sim.hangup(optionalId(p), optionalChoice(p, 'side', ['caller', 'remote', 'device'] as const) ?? 'device'))),
  missed: post((sim, p) => callReply(sim.missed(optionalId(p)))),
  elsewhere: post((sim, p) => callReply(sim.answeredElsewhere(optionalId(p)))),
  busy: post((sim, p) => callReply(sim.busy(optionalId(p)))),
  reject: post((sim, p) => callReply(sim.reject(optionalId(p)))),
  hold: post((sim, p) => callReply(sim.hold(optionalId(p)))),
  unhold: post((sim, p) => callReply(sim.unhold(optionalId(p)))),
  'originate-outcome': post((sim, p) => {
    const raw = required(p, 'outcome');
    const number = p['number'];
    if (number !== undefined && number !== '') {
      const outcome = raw === 'clear' ? null : choice(raw, 'outcome', ORIGINATE_OUTCOMES);
      sim.originateOutcomeFor(number, outcome);
      return { number, outcome };
    }
    const outcome = choice(raw, 'outcome', ORIGINATE_OUTCOMES);
    if (p['mode'] === 'default') sim.defaultOriginateOutcome(outcome);
    else sim.nextOriginate(outcome);
    return { outcome, mode: p['mode'] === 'default' ? 'default' : 'next' };
  }),
  ...offlineRoutes<SimControls>(),
  'expire-sessions': post((sim) => ({ expired: sim.expireSessions() })),
  kick: post((sim) => ({ kicked: sim.kickWaitEvents() })),
  delay: post((sim, p) => (sim.setDelay(integer(p, 'ms', 0, 600_000)), {})),
  html: post((sim, p) => (sim.setHtmlMode(flag(p, 'on')), {})),
  'reset-log': post((sim) => (sim.resetLog(), {})),
  state: { method: 'GET', run: (sim) => sim.stateSnapshot() },
};

export type ControlResult = ControlRunResult;

/** Runs `/sim/<name>`; never throws for a bad request — every failure is a 4xx with a sentence. */
export function runControl(sim: SimControls, method: string, name: string, params: Params): Promise<ControlResult> {
  return runRoute(ROUTES, sim, method, name, params, (e) => e instanceof PbxStateError || e instanceof RangeError);
}

function optionalId(p: Params): string | undefined {
  const id = p['id'];
  return id === undefined || id === '' ? undefined : id;
}

function choice<T extends string>(raw: string, key: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ControlError(`parameter "${key}" must be one of ${allowed.join(', ')}, got "${raw}"`);
}

function optionalChoice<T extends string>(p: Params, key: string, allowed: readonly T[]): T | undefined {
  const raw = p[key];
  return raw === undefined || raw === '' ? undefined : choice(raw, key, allowed);
}
