/**
 * The plumbing shared by the simulators' control APIs under /sim/ (each simulator's control.ts
 * lists its own routes): JSON in (query parameters or a JSON object body) and JSON out —
 * `{"ok":true,…}` or 4xx `{"ok":false,"error":"…"}`.
 */

/** A bad control request: becomes HTTP 400 with this message. */
export class ControlError extends Error {
  override name = 'ControlError';
}

export type Params = Readonly<Record<string, string>>;

export type ControlReply = Record<string, unknown>;

/** One `/sim/<name>` endpoint of a simulator `S`; `R` is what `run` returns (a reply, or a promise of one). */
export interface ControlRoute<S, R = ControlReply> {
  method: 'GET' | 'POST';
  run(sim: S, params: Params): R;
  /** Work to do once the reply has been sent (going offline closes the connection). */
  after?(sim: S, params: Params): Promise<void> | void;
}

export interface ControlResult {
  status: number;
  body: Record<string, unknown>;
}

export function post<S, R>(run: (sim: S, params: Params) => R): ControlRoute<S, R> {
  return { method: 'POST', run };
}

/** The route for `/sim/<name>`, or the 404/405 reply that says why there is none. */
export function findRoute<T extends { method: string }>(
  routes: Readonly<Record<string, T>>,
  method: string,
  name: string,
): { route: T } | { refusal: ControlResult } {
  const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
  if (!route) return { refusal: { status: 404, body: { ok: false, error: `unknown control endpoint /sim/${name}` } } };
  if (method !== route.method) {
    return { refusal: { status: 405, body: { ok: false, error: `/sim/${name} needs ${route.method}, got ${method}` } } };
  }
  return { route };
}

/**
 * The 400 reply for an error a route threw because the request was bad: a ControlError, or one
 * `isBadRequest` accepts (the simulator's own "not in that state" errors). Anything else is a
 * simulator bug and is thrown again.
 */
export function badRequest(err: unknown, isBadRequest: (err: unknown) => boolean): ControlResult {
  if (err instanceof ControlError || isBadRequest(err)) {
    return { status: 400, body: { ok: false, error: (err as Error).message } };
  }
  throw err;
}

/**
 * Merges query parameters with a JSON object body (body wins). Scalars are stringified so both
 * `?ms=10` and `{"ms":10}` work.
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

export function required(p: Params, key: string): string {
  const value = p[key];
  if (value === undefined || value === '') throw new ControlError(`missing parameter "${key}"`);
  return value;
}

export function integer(p: Params, key: string, min: number, max: number): number {
  const raw = required(p, key);
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw new ControlError(`parameter "${key}" must be an integer ${min}..${max}, got "${raw}"`);
  }
  return value;
}

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);
const FALSE_WORDS = new Set(['0', 'false', 'off', 'no']);

export function flag(p: Params, key: string): boolean {
  const raw = required(p, key).toLowerCase();
  if (TRUE_WORDS.has(raw)) return true;
  if (FALSE_WORDS.has(raw)) return false;
  throw new ControlError(`parameter "${key}" must be 1 or 0, got "${raw}"`);
}

/** A control reply, with work to do once it has been sent (going offline closes the connection). */
export interface ControlRunResult extends ControlResult {
  after?: () => Promise<void> | void;
}

/**
 * Runs `/sim/<name>` from `routes`; never throws for a bad request — every failure is a 4xx with a
 * sentence (`isBadRequest` names the simulator's own "not in that state" errors).
 */
export async function runRoute<S>(
  routes: Readonly<Record<string, ControlRoute<S, ControlReply | Promise<ControlReply>>>>,
  sim: S,
  method: string,
  name: string,
  params: Params,
  isBadRequest: (err: unknown) => boolean,
): Promise<ControlRunResult> {
  const found = findRoute(routes, method, name);
  if ('refusal' in found) return found.refusal;
  const route = found.route;
  try {
    const body = { ok: true, ...(await route.run(sim, params)) };
    const after = route.after;
    return after ? { status: 200, body, after: () => after(sim, params) } : { status: 200, body };
  } catch (err) {
    return badRequest(err, isBadRequest);
  }
}

/**
 * `POST /sim/offline {ms}` and `POST /sim/online` for a simulator whose server can be taken down:
 * over HTTP it cannot be told to come back while offline, so it comes back by itself after `ms`
 * (default 5000; 0 stays offline).
 */
export function offlineRoutes<S extends { setOffline(offline: boolean): Promise<void> }>(): Record<
  'offline' | 'online',
  ControlRoute<S, ControlReply | Promise<ControlReply>>
> {
  return {
    offline: {
      method: 'POST',
      run: (_sim, p) => ({ backInMs: backInMs(p) }),
      after: async (sim, p) => {
        const ms = backInMs(p);
        await sim.setOffline(true);
        if (ms > 0) setTimeout(() => void sim.setOffline(false), ms).unref();
      },
    },
    online: post(async (sim) => {
      await sim.setOffline(false);
      return {};
    }),
  };
}

function backInMs(p: Params): number {
  return p['ms'] === undefined || p['ms'] === '' ? 5000 : integer(p, 'ms', 0, 3_600_000);
}
