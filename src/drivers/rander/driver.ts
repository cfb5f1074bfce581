/**
 * RanderWEB (Rander CTI server by randersoft) — click-to-dial through its Web API, screen-pop and
 * call state through its SignalR 2 hub over a WebSocket.
 *
 * Sources: the vendor's 2015 article (shared/reference/seeds/randerweb-article-ru.txt) and
 * the customer's description; the SignalR 2 wire protocol (shared/reference/protocols.md §4.2).
 * Nothing else about RanderWEB is public (protocols.md §4.1), so EVERY item below is an
 * assumption, to be confirmed against a live RanderWEB (a packet capture of its demo pages
 * Index.html / Chat.html / Webapi.html answers almost all of them). All names and shapes live in
 * ./commands.ts: a site whose RanderWEB differs is adapted there.
 *
 * Web API
 * - A1 Commands are `GET http://<server>:5005/api/rander/<command>/<p1>/<p2>?token=<token>`
 *   (the article's captured URL; its prose says `/rander/api/…`). Port 5005 is the default
 *   ListenPort of config.xml. Path segments are percent-encoded.
 * - A2 `openline/<extension>` opens the extension "for observation and control"; Ringside sends it
 *   once per token before a control command (as the demo's Web API page does before Make Call).
 * - A3 `makecall/<extension>/<number>` dials the number from the extension [?: the article's text
 *   shows `/api/rander/openline/103/107` for Make Call].
 * - A4 `answer/<extension>` answers the call ringing there; `hangup/<extension>` ends the
 *   extension's call, and refuses it while it rings (TAPI lineDrop) — so Reject = hangup [?].
 *   Commands act on the extension, not on a call id.
 * - A5 Replies are JSON or text. Success: 2xx that does not say otherwise (empty, `true`, `"OK"`,
 *   an object without `Error` and whose `Success`/`Result` is not false). Failure: `false`, a text
 *   starting with error words, 4xx/5xx with ASP.NET's `{"Message": …}`. 404 = unknown command.
 * - A6 An expired or bad token gives 401 (ASP.NET `[Authorize]`: "Authorization has been denied
 *   for this request.") or a reply containing "invalid token"/"token expired" (English or
 *   Russian); Ringside then logs in again once and repeats the command once.
 * - A7 Login: `POST /token` with `grant_type=password&username=…&password=…` → `{"access_token":
 *   …, "expires_in": …}` (400 `invalid_grant` = wrong credentials) — inferred from the token's
 *   shape: `AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA…` is a DPAPI blob in base64url, the bearer ticket of
 *   a self-hosted OWIN app (RanderWEB.exe) whose OAuth middleware reads the token from `?token=`.
 *   If the server has no /token (404/405), `GET /api/rander/login/<username>/<password>` is tried
 *   (the product's GET style; reply = the token as a JSON string, a bare string or `{token}`).
 *   RISK of that fallback: the password is in a URL, so it can reach the server's and proxies'
 *   logs, and some characters may be refused. Ringside never logs it. The login is the `Login`/
 *   `Password` of config.xml (the Rander client's server login), e.g. admin / 1234 in the article.
 *   The token lives as long as `expires_in` says (OWIN's default is 20 minutes).
 * - A8 Values are path segments: an extension, number or path-login credential that is empty or
 *   consists of dots only cannot be sent (URL parsers turn `..`, encoded or not, into "parent
 *   directory"); Ringside refuses it with a sentence instead. Numbers are reduced to 0-9 * # and a
 *   leading +.
 *
 * SignalR (the wire protocol is public; these are the RanderWEB-specific parts)
 * - S1 The hub is at `<server>:5005/signalr` (the default path) on the same port as the Web API,
 *   serves clientProtocol 1.5 (SignalR 2.2; 1.4 is accepted, older is refused with a sentence),
 *   offers the webSockets transport (HttpListener on Windows 8 / Server 2012 or later), and wants
 *   the same token as `?token=` on every request (negotiate, connect, reconnect, start, abort),
 *   answering 401/403 without a valid one (an `[Authorize]` hub). A new token for the same user
 *   keeps the SignalR identity, so a connection token issued before a re-login still reconnects.
 * - S2 The hub name is the `hub` setting (default `randerHub`, sent lower-cased in connectionData).
 * - S3 Hub method `SetMyExtension(extension)` subscribes the connection to the line states of
 *   one extension (the demo's "Set My Extension" button; the demo allows 5 per connection). It is
 *   called again after every reconnect. Its result is ignored; an `E` reply is an error.
 * - S4 Line states arrive as a server→client call `lineStateChanged` (also `lineState`,
 *   `onLineState`; or any method whose first argument is an object with a state field) whose first
 *   argument is an object `{Line, State, CallId, CallerId, CallerName, CalledId, CalledName,
 *   Direction?}` (names compared case-insensitively, with the aliases in LINE_FIELDS), or
 *   positional `(line, state, callerId, callerName, callId, calledId)`, or that object serialised
 *   as a JSON string.
 * - S5 State is a TAPI LINECALLSTATE name (IDLE, OFFERING, ACCEPTED, DIALTONE, DIALING,
 *   PROCEEDING, RINGBACK, CONNECTED, ONHOLD…, BUSY, SPECIALINFO, DISCONNECTED; with or without the
 *   `LINECALLSTATE_` prefix) or its numeric value, or one of a few plain words (STATE_WORDS). An
 *   unknown word is reported once as a notice and ignored.
 * - S6 `Line` names the extension the state is about; messages for other lines are ignored (the
 *   hub may broadcast to everyone). A message without `Line` is taken as being about ours.
 * - S7 `CallId` identifies the call (a TAPI call handle); without it, the line has one call at a
 *   time. An incoming call's `CallerId`/`CallerName` is the caller; an outgoing call's `CalledId`
 *   is the number dialled. `Direction` (in/out) is optional; without it a call is outgoing when it
 *   starts in a dialling state, when the caller is the extension itself, or while a click-to-dial
 *   is fresh (30 s); otherwise incoming.
 * - S8 After a fresh connection (not a reconnect), the hub sends no snapshot of calls in
 *   progress: a call that ended while Ringside was disconnected for longer than the server's
 *   DisconnectTimeout ends when the line next reports IDLE.
 *
 * Behaviour: a rejected login stops the watcher (no retry storm) until the settings are saved or
 * Reconnect is pressed; other failures retry after 1, 2, 5, 10 s. A drop is resumed at once with
 * /reconnect and the last message id, so nothing said meanwhile is lost; when the socket cannot be
 * reopened, a negotiate request tells why (server down, token expired → one new login, connection
 * forgotten → a new connection). Hold, transfer and DTMF are not offered: the table has no command.
 */
import type { Call, ConnectionStatus } from '../../core/call.ts';
import type { RanderSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { failed, ok, type CommandResult, type Diagnosis, type DiagnosisOutcome, type Driver, type DriverEvent, type DriverIO } from '../contract.ts';
import { CLIENT_PROTOCOL, COMMANDS, SUBSCRIBE_METHOD, capabilitiesFor, type CommandName } from './commands.ts';
import { RanderCallTracker } from './calls.ts';
import type { HubMessage, HubTarget, Negotiation } from './frames.ts';
import { readLineState } from './lineState.ts';
import { HubConnection, negotiate, type NegotiateFailure, type OpenFailure } from './signalr.ts';
import { RanderSession, type CommandFailure } from './webapi.ts';
import { pauseQuietly, statusReporter } from '../loop.ts';

export const RANDER_CAPABILITIES = capabilitiesFor(COMMANDS);
/** Back-off after a failed attempt; a drop itself is resumed at once. */
export const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000] as const;
const SUBSCRIBE_TIMEOUT_MS = 10_000;
/** A connection that drops sooner than this after going online is "flapping": the second such drop in a row backs off. */
const FLAPPING_MS = 5000;
/** RanderWEB's default ListenPort (config.xml in the article). */
export const RANDER_DEFAULT_PORT = 5005;

export interface RanderDriverOptions {
  readonly settings: RanderSettings;
  readonly io: DriverIO;
  readonly explainNetworkError?: (url: string, error: unknown) => Promise<string | undefined>;
}

/** Everything that can stop the watcher from being online, for one sentence and one state. */
export type RanderProblem =
  | CommandFailure
  | NegotiateFailure
  | OpenFailure
  | { readonly kind: 'subscribe-failed'; readonly detail: string }
  | { readonly kind: 'subscribe-no-reply' };

function hostOf(origin: string): string {
  return origin.replace(/^https?:\/\//i, '');
}

/** The sentence for a problem, naming the server and what to change. */
export function describeProblem(problem: RanderProblem, settings: RanderSettings): LocalText {
  const origin = settings.address;
  const host = hostOf(origin);
  switch (problem.kind) {
    case 'timeout':
      return text('rdTimeout', host);
    case 'unreachable':
      return text('rdUnreachable', host);
    case 'refused':
      return text('rdRefused', host);
    case 'untrusted-certificate':
      return text('rdCertificate', origin);
    case 'network':
      return origin.startsWith('https:') ? text('rdNetworkHttps', origin) : text('rdRefused', host);
    case 'aborted':
      return text('errCancelled');
    case 'login-rejected':
      return text('rdLoginRejected', host, settings.username);
    case 'login-not-found':
      return text('rdLoginNotFound', host);
    case 'login-unexpected':
    case 'unexpected':
      return text('rdNotRander', host, problem.detail);
    case 'http-error':
      return 'detail' in problem ? text('rdNegotiateFailed', host, `HTTP ${problem.status}: ${problem.detail}`) : text('rdHttpError', host, problem.status);
    case 'token-rejected':
      return text('rdTokenRejected', host, settings.username);
    case 'command-refused':
      return text('rdCommandRefused', host, problem.detail);
    case 'not-found':
      return 'path' in problem ? text('rdCommandNotFound', host, problem.path) : text('rdSignalrNotFound', host);
    case 'not-supported':
      return text('errNotSupported');
    case 'bad-value':
      return text('rdBadValue', problem.value);
    case 'unauthorized':
      return text('rdHubUnauthorized', host, settings.username);
    case 'hub-unknown':
      return text('rdHubUnknown', host, settings.hub);
    case 'protocol':
      return text('rdProtocolMismatch', host, problem.serverVersion, CLIENT_PROTOCOL);
    case 'no-websockets':
      return text('rdNoWebSockets', host);
    case 'no-websocket-api':
      return text('rdNoWebSocketApi');
    case 'socket-failed':
      return text('rdWebSocketFailed', host);
    case 'init-timeout':
      return text('rdWebSocketSilent', host);
    case 'start-failed':
      return text('rdStartFailed', host, problem.detail || `HTTP ${problem.status}`);
    case 'subscribe-failed':
      return text('rdSubscribeFailed', settings.extension, SUBSCRIBE_METHOD, problem.detail);
    case 'subscribe-no-reply':
      return text('rdSubscribeNoReply', settings.extension, SUBSCRIBE_METHOD);
  }
}

/** The connection state a problem puts the watcher in. */
export function connectionStateOf(problem: RanderProblem): ConnectionStatus['state'] {
  switch (problem.kind) {
    case 'login-rejected':
    case 'token-rejected':
    case 'unauthorized':
      return 'auth-failed';
    case 'timeout':
    case 'unreachable':
    case 'refused':
    case 'network':
    case 'aborted':
    case 'socket-failed':
    case 'init-timeout':
      return 'unreachable';
    default:
      return 'misconfigured';
  }
}

/** What Test connection reports for a problem. */
export function diagnosisOutcomeOf(problem: RanderProblem): DiagnosisOutcome {
  switch (problem.kind) {
    case 'timeout':
    case 'unreachable':
    case 'refused':
    case 'untrusted-certificate':
      return problem.kind;
    case 'network':
      return 'refused';
    case 'aborted':
    case 'init-timeout':
      return 'timeout';
    case 'login-rejected':
    case 'token-rejected':
    case 'unauthorized':
      return 'auth-rejected';
    case 'login-not-found':
    case 'login-unexpected':
    case 'unexpected':
      return 'not-cti';
    case 'http-error':
      return 'http-error';
    case 'not-found':
      return 'path' in problem ? 'misconfigured' : 'not-enabled';
    default:
      return 'misconfigured';
  }
}

/** Only what a PBX can dial: digits, a leading +, * and #. */
export function dialDigits(number: string): string {
  return number.replace(/[^0-9*#+]/g, '').replace(/(?!^)\+/g, '');
}

type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: RanderProblem; readonly stop: boolean };

export function createRanderDriver(options: RanderDriverOptions): Driver {
  const { settings, io } = options;
  const explain = options.explainNetworkError;
  const origin = settings.address.replace(/\/+$/, '');
  const target: HubTarget = { origin, hub: settings.hub || 'randerHub' };
  const session = new RanderSession(io, origin, { username: settings.username, password: settings.password }, explain);
  let tracker = new RanderCallTracker(settings.extension, { now: io.now });
  const lineValues = (number = '') => ({ extension: settings.extension, number });

  async function runCommand(name: CommandName, number?: string): Promise<CommandResult> {
    const outcome = await session.command(name, lineValues(number), { openLineFirst: true });
    if (outcome.ok) return ok;
    const failure = outcome.failure;
    if (failure.kind === 'command-refused') {
      return failed(name === 'makeCall' ? text('rdDialRefused', number ?? '', failure.detail) : text('rdCommandRefused', hostOf(origin), failure.detail));
    }
    return failed(describeProblem(failure, settings));
  }

  async function dial(number: string): Promise<CommandResult> {
    const digits = dialDigits(number);
    if (!digits) return failed(text('errNumberNoDigits', number));
    if (!COMMANDS.makeCall) return failed(text('errNotSupported'));
    tracker.expectDial(digits);
    return runCommand('makeCall', digits);
  }

  async function callCommand(name: 'answer' | 'hangup', callId: string, rejecting = false): Promise<CommandResult> {
    if (!COMMANDS[name]) return failed(text('errNotSupported'));
    const call = tracker.liveCall(callId);
    if (!call) return failed(text('rdNoSuchCall'));
    if (rejecting) tracker.markRejecting(callId);
    return runCommand(name);
  }

  const notSupported = async (): Promise<CommandResult> => failed(text('errNotSupported'));

  /** A token and a negotiation; on 401/403 one new login. */
  async function negotiateWithLogin(signal?: AbortSignal): Promise<Step<{ negotiation: Negotiation; renewed: boolean }>> {
    const loginsBefore = session.loginCount;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await session.ensureToken(signal);
      if (!token.ok) return { ok: false, problem: token.failure, stop: token.failure.kind === 'login-rejected' };
      const reply = await negotiate(io, target, token.token, { ...(signal ? { signal } : {}), ...(explain ? { explain } : {}) });
      if (reply.ok) return { ok: true, value: { negotiation: reply.negotiation, renewed: session.loginCount !== loginsBefore } };
      if (reply.failure.kind === 'unauthorized' && attempt === 0) {
        session.invalidate(token.token);
        continue;
      }
      // A fresh token refused by the hub: this user may not use it. Not retried by itself.
      return { ok: false, problem: reply.failure, stop: reply.failure.kind === 'unauthorized' };
    }
    return { ok: false, problem: { kind: 'unauthorized', status: 401 }, stop: true };
  }

  async function openConnection(negotiation: Negotiation, onMessage: (m: HubMessage) => void, signal: AbortSignal): Promise<Step<HubConnection>> {
    const connection = new HubConnection({
      io,
      target,
      negotiation,
      token: () => session.currentToken,
      onMessage,
      ...(explain ? { explain } : {}),
    });
    const opened = await connection.open(signal);
    if (opened.ok) return { ok: true, value: connection };
    await connection.stop();
    return { ok: false, problem: opened.failure, stop: false };
  }

  async function subscribe(connection: HubConnection): Promise<Step<void> & { closed?: boolean }> {
    const reply = await connection.invoke(SUBSCRIBE_METHOD, [settings.extension], SUBSCRIBE_TIMEOUT_MS);
    if (reply.ok) return { ok: true, value: undefined };
    if (reply.kind === 'hub-error') return { ok: false, problem: { kind: 'subscribe-failed', detail: reply.error }, stop: false };
    if (reply.kind === 'timeout') return { ok: false, problem: { kind: 'subscribe-no-reply' }, stop: false };
    return { ok: false, problem: { kind: 'socket-failed' }, stop: false, closed: true };
  }

  async function diagnose(): Promise<Diagnosis> {
    const host = hostOf(origin);
    const fail = (problem: RanderProblem, extra: LocalText[] = []): Diagnosis => ({
      outcome: diagnosisOutcomeOf(problem),
      messages: [describeProblem(problem, settings), ...extra],
    });
    // 1. The credentials, on a fresh login.
    const login = await session.login();
    if (!login.ok) return fail(login.failure);
    const warnings: LocalText[] = [];
    // 2. The extension, with the Web API's own "Open Line".
    if (COMMANDS.openLine) {
      const line = await session.command('openLine', lineValues());
      if (!line.ok) {
        const failure = line.failure;
        if (failure.kind === 'command-refused') return { outcome: 'misconfigured', messages: [text('rdLineRefused', settings.extension, failure.detail)] };
        if (failure.kind === 'not-found') warnings.push(text('rdCommandNotFound', host, failure.path));
        else return fail(failure);
      }
    }
    // 3. The hub: negotiate, connect, start, subscribe — then leave again.
    const negotiated = await negotiateWithLogin();
    if (!negotiated.ok) return fail(negotiated.problem);
    const { negotiation } = negotiated.value;
    if (!io.openWebSocket) return fail({ kind: 'no-websocket-api' });
    const controller = new AbortController();
    const opened = await openConnection(negotiation, () => undefined, controller.signal);
    if (!opened.ok) return fail(opened.problem);
    try {
      const subscribed = await subscribe(opened.value);
      if (!subscribed.ok) return fail(subscribed.problem);
    } finally {
      await opened.value.stop();
    }
    return {
      outcome: 'ok',
      messages: [
        text('rdOk', host, settings.username, settings.extension, negotiation.protocolVersion, target.hub),
        ...warnings,
        text('rdUnverified'),
      ],
    };
  }

  async function watch(signal: AbortSignal, emit: (event: DriverEvent) => void, known: readonly Call[]): Promise<void> {
    tracker = new RanderCallTracker(settings.extension, { now: io.now }, known);
    const noticed = new Set<string>();
    const setStatus = statusReporter(emit);
    const onMessage = (message: HubMessage) => {
      const reading = readLineState(message);
      if (reading.kind === 'update') {
        for (const call of tracker.apply(reading.update)) emit({ type: 'call', call });
      } else if (reading.kind === 'unknown-state' && tracker.isOwnLine(reading.line) && !noticed.has(reading.state)) {
        noticed.add(reading.state);
        emit({ type: 'notice', text: text('rdUnknownState', reading.state) });
      }
    };
    setStatus({ state: 'connecting', since: io.now() });
    if (!io.openWebSocket) {
      setStatus({ state: 'misconfigured', reason: text('rdNoWebSocketApi'), since: io.now() });
      return;
    }

    /** A drop: the same connection on a new socket, or — when the server forgot it — a new one. */
    const resume = async (connection: HubConnection): Promise<Step<HubConnection>> => {
      const again = await connection.reconnect(signal);
      if (again.ok) return { ok: true, value: connection };
      if (again.failure.kind !== 'socket-failed') return { ok: false, problem: again.failure, stop: false };
      // The browser hides why a WebSocket failed: ask negotiate (plain HTTP) — server down, token
      // expired (one new login), or the connection itself no longer accepted.
      const probe = await negotiateWithLogin(signal);
      if (!probe.ok) return probe;
      if (probe.value.renewed) {
        const retried = await connection.reconnect(signal);
        if (retried.ok) return { ok: true, value: connection };
      }
      io.log?.('SignalR: the connection could not be resumed; starting a new one (messages in between are lost)');
      await connection.stop();
      return openConnection(probe.value.negotiation, onMessage, signal);
    };
    const fresh = async (): Promise<Step<HubConnection>> => {
      const probe = await negotiateWithLogin(signal);
      if (!probe.ok) return probe;
      return openConnection(probe.value.negotiation, onMessage, signal);
    };

    let connection: HubConnection | undefined;
    let failures = 0;
    let quickDrops = 0;
    const backOff = async (): Promise<void> => {
      failures += 1;
      await pause(RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]!, signal);
    };
    try {
      for (let round = 0; !signal.aborted && round < Number.MAX_SAFE_INTEGER; round++) {
        const step = connection?.canResume ? await resume(connection) : await fresh();
        if (signal.aborted) break;
        if (!step.ok) {
          setStatus({ state: connectionStateOf(step.problem), reason: describeProblem(step.problem, settings), since: io.now() });
          // A rejected login (or a hub that refuses a fresh token) is not retried by itself: the
          // user fixes the settings or presses Reconnect, which starts a new watch.
          if (step.stop) return;
          await backOff();
          continue;
        }
        connection = step.value;
        const subscribed = await subscribe(connection);
        if (signal.aborted) break;
        if (!subscribed.ok) {
          if (!subscribed.closed) {
            setStatus({ state: connectionStateOf(subscribed.problem), reason: describeProblem(subscribed.problem, settings), since: io.now() });
            await connection.stop();
            connection = undefined;
          }
          await backOff();
          continue;
        }
        failures = 0;
        setStatus({ state: 'online', since: io.now() });
        const onlineAt = io.now();
        const reason = await connection.waitForDrop(signal);
        if (signal.aborted) break;
        io.log?.(`SignalR: connection dropped (${reason}); resuming from message ${connection.lastMessageId ?? '(none)'}`);
        // One drop is resumed at once; a server that keeps dropping us at once is not hammered.
        if (io.now() - onlineAt < FLAPPING_MS) {
          quickDrops += 1;
          if (quickDrops > 1) await pause(RETRY_DELAYS_MS[Math.min(quickDrops - 1, RETRY_DELAYS_MS.length) - 1]!, signal);
        } else {
          quickDrops = 0;
        }
      }
    } finally {
      await connection?.stop();
    }
  }

  const pause = (ms: number, signal: AbortSignal) => pauseQuietly(io, ms, signal);

  return {
    id: 'rander',
    capabilities: RANDER_CAPABILITIES,
    dial,
    answer: (callId) => callCommand('answer', callId),
    reject: (callId) => callCommand('hangup', callId, true),
    hangup: (callId) => callCommand('hangup', callId),
    hold: notSupported,
    resume: notSupported,
    diagnose,
    watch,
  };
}
