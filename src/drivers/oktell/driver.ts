/**
 * Oktell (Russian contact-centre PBX): click-to-dial through the server's Web-API or through the
 * Oktell desktop client on this computer; screen-pop, answer, reject, hang up and hold through
 * the Oktell WebSocket API that Oktell's own web client and oktell.js use.
 * Sources: shared/reference/protocols.md §3 and §5.4, seeds/oktell-http-call-ru.txt, and the
 * oktell.js source (Bpium/oktell-js, v1.7) cited as [SRC].
 *
 * Dialling, first that applies:
 *   1. dialVia 'client' → GET http://127.0.0.1:<clientPort>/callto?number=… (desktopClient.ts);
 *   2. a Web-API account → GET <address>/wp_autocallstart?user|line|wp=…&number=…[&direction=…]&sequence=…
 *      with HTTP Basic (webApi.ts);
 *   3. only the user's own login → the WebSocket method pbxautocallstart {number, sequence}, with
 *      sequence 'abonent' for direct (the number first) and 'user' for back (the user's phone first).
 * Calls and control (needs the user's own Oktell login): ws://<host>:<wsPort> (wss:// for an https
 * address), subprotocol json; ping → login → getversion → getmyuserinfo → subscribeevent; every
 * event → getextendedlineinfo → calls.ts. Commands, as oktell.js's endCall()/hold()/toggle():
 *   answer                → pbxanswercall, then the line must be commutated within 3 s
 *   reject (ringing)      → pbxdeclinecall ("end commutation / stop auto-call": for a call not yet answered)
 *   hang up: connected    → pbxabortcall   ("drop the current connection")
 *            ringing      → pbxdeclinecall
 *            auto-call    → pbxautocallabort
 *            held         → pbxmakeflash {mode: 'abort'}
 *   hold (connected)      → pbxmakeflash {mode: 'switch'}
 *   resume (held)         → pbxmakeflash {mode: 'switch'} (oktell.js toggle(): back to the held party)
 * Ping every 15 s (oktell.js); after a drop reconnect after 1, 2, 5, 10, 10… s.
 *
 * Capabilities are honest: dial when a dial route is configured; monitor, answer, reject, hangup,
 * hold and resume only with a WebSocket login. `answer` is dropped for the rest of the session
 * when the phone does not pick up on pbxanswercall (oktell.js's error 2902: the phone probably does
 * not support intercom/auto-answer) or when the server predates pbxanswercall (dated < 131218);
 * hold/resume when it predates pbxmakeflash (dated < 120725) [SRC methodVersions].
 *
 * Assumptions not confirmed by a public source [?]:
 * - wp_autocallstart's reply body (its oktellxmlmapper properties) is not published; webApi.ts
 *   lists how success and failure are told apart. direction/sequence names and values come from
 *   one wiki page only (the seed); 'auto' is sent as no direction at all (the page's default).
 * - 403 from the Web-API means a missing privilege, like 401; tst_getuserstate (used by "Test
 *   connection" because dialling would place a real call) exists on the server.
 * - The desktop client's reply to /callto is a 2xx status; /getcurrentcallinfo answers while the
 *   client runs (a public C# helper uses both).
 * - Basic credentials beyond ASCII are sent as UTF-8.
 * - Replies to pbxabortcall, pbxdeclinecall, pbxmakeflash and pbxanswercall may never come
 *   (oktell.js sends them without waiting): no reply within 3 s counts as accepted.
 * - pbxmakeflash 'switch' puts the current party on hold and, with a party on hold, returns to
 *   it; 'abort' ends the held party (oktell.js uses it in endCall() for the held abonent only).
 * - The payloads of the phone events are not used (oktell.js ignores them too); each event is
 *   answered by reading getextendedlineinfo, and once more 700 ms after the events oktell.js
 *   reads late (line/flash state, commutation and auto-call changes).
 * - A call's id is its chainid plus the other party's digits (Creatio); flags arrive as booleans
 *   or 0/1; a caller's name is simplename/username/name/caption, or a caller ID that is not a number.
 * - Whether another phone of a group answered is not visible: a ring that stops unanswered is
 *   reported as missed.
 * - The WebSocket port is the configured wsPort (oktell.js: 80, 443 for wss); the websocketredirect
 *   target is wss://<host>:443 [SRC].
 * - Passwords are hashed over oktell.js's byte mapping (Windows-1251 for Cyrillic, login.ts).
 * - A second WebSocket session of the same user (Test connection while the watcher runs) is
 *   accepted by the server.
 */
import type { Call, Capability, ConnectionStatus } from '../../core/call.ts';
import type { OktellSettings } from '../../core/settings.ts';
import { text, type LocalText } from '../../core/text.ts';
import { failed, ok, type CommandResult, type Diagnosis, type DiagnosisOutcome, type Driver, type DriverEvent, type DriverIO } from '../contract.ts';
import { fetchText } from '../network.ts';
import { OKTELL_CALL_EVENTS, SETTLING_EVENTS } from './events.ts';
import { OktellCallTracker } from './calls.ts';
import type { OktellConnection } from './connection.ts';
import { calltoUrl, clientProbeUrl, requestClient } from './desktopClient.ts';
import { replyError, type OktellFrame, type OktellParams } from './frames.ts';
import { readLineInfo } from './lineInfo.ts';
import {
  clientFailureText,
  loginFailureOutcome,
  loginFailureStatus,
  loginFailureText,
  networkFailureText,
  networkOutcome,
  openFailureText,
  webApiFailureText,
} from './sentences.ts';
import { startSession, withLogin, type SessionFailure, type SessionInfo } from './session.ts';
import { dialString, digitsOf, hostOf, serverOrigin, webSocketUrl } from './target.ts';
import { autocallUrl, callerOf, callWebApi, userStateUrl } from './webApi.ts';
import { pauseQuietly, statusReporter } from '../loop.ts';

export interface OktellTiming {
  readonly openTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** oktell.js pings every 15 s after login. */
  readonly pingIntervalMs: number;
  /** Waits before reconnecting after the 1st, 2nd, … failure in a row; the last one repeats. */
  readonly retryDelaysMs: readonly number[];
  /** Before trying again after "already logged in", "licence limit" or "service not available". */
  readonly slowRetryMs: number;
  /** How long pbxanswercall has to connect the call (oktell.js answerCheckTimeout). */
  readonly answerCheckMs: number;
  /** The second read of the line after events oktell.js reads late (500–700 ms there). */
  readonly settleMs: number;
  /** Wait for a reply to a call-control method before taking silence as accepted. */
  readonly commandReplyMs: number;
}

export const DEFAULT_TIMING: OktellTiming = {
  openTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  pingIntervalMs: 15_000,
  retryDelaysMs: [1000, 2000, 5000, 10_000],
  slowRetryMs: 30_000,
  answerCheckMs: 3000,
  settleMs: 700,
  commandReplyMs: 3000,
};

/** Oktell builds (version.dated, YYMMDD) that first had these methods [SRC oktell.js methodVersions]. */
export const ANSWER_SINCE = 131218;
export const FLASH_SINCE = 120725;

export interface OktellDriverOptions {
  readonly settings: OktellSettings;
  readonly io: DriverIO;
  readonly explainNetworkError?: (url: string, error: unknown) => Promise<string | undefined>;
  /** Shorter waits for tests; the defaults are the protocol's. */
  readonly timing?: Partial<OktellTiming>;
}

export type DialRoute = 'client' | 'web-api' | 'websocket';

/** See the module comment: the desktop client when chosen, else the Web-API, else the WebSocket. */
export function dialRouteOf(settings: OktellSettings): DialRoute | undefined {
  if (settings.dialVia === 'client') return 'client';
  if (settings.webApiUser.trim() !== '') return 'web-api';
  if (settings.userLogin.trim() !== '') return 'websocket';
  return undefined;
}

export function oktellCapabilities(settings: OktellSettings): Set<Capability> {
  const capabilities = new Set<Capability>();
  if (dialRouteOf(settings)) capabilities.add('dial');
  if (settings.userLogin.trim() !== '') {
    for (const c of ['monitor', 'answer', 'reject', 'hangup', 'hold', 'resume'] as const) capabilities.add(c);
  }
  return capabilities;
}

/** pbxautocallstart's sequence for the Web-API's: direct = the number first, back = the user first. */
export function webSocketSequence(sequence: OktellSettings['sequence']): 'abonent' | 'user' {
  return sequence === 'back' ? 'user' : 'abonent';
}

interface ActiveSession {
  readonly connection: OktellConnection;
  readonly info: SessionInfo;
  refresh(): void;
}

export function createOktellDriver(options: OktellDriverOptions): Driver {
  const { settings, io } = options;
  const timing: OktellTiming = { ...DEFAULT_TIMING, ...options.timing };
  const origin = serverOrigin(settings.address);
  const login = settings.userLogin.trim();
  const wsUrl = webSocketUrl(settings);
  const capabilities = oktellCapabilities(settings);
  const explain = options.explainNetworkError ? { explain: options.explainNetworkError } : {};
  const log = (message: string) => io.log?.(`oktell: ${message}`);

  let tracker = new OktellCallTracker({ now: io.now, line: () => lineLabel() });
  let active: ActiveSession | undefined;
  let emitCalls: (calls: readonly Call[]) => void = () => undefined;
  /** Told after every line snapshot (answer waits for the call to connect). */
  const snapshotListeners = new Set<() => void>();

  function lineLabel(): string {
    return active?.info.lineNumber || login;
  }

  // ---- commands over the WebSocket ------------------------------------------------------------

  /** Runs a call-control method; `code` is Oktell's error code when it refused. */
  async function run(method: string, params: OktellParams = {}): Promise<{ result: CommandResult; code?: number }> {
    const session = active;
    if (!session || session.connection.closed) return { result: failed(text('okNotConnected')) };
    const reply = await session.connection.request(method, withLogin(login, params), timing.commandReplyMs);
    // A read of the line after a command shows its effect even if the server sends no event.
    session.refresh();
    if (!reply.ok) return { result: reply.reason === 'timeout' ? ok : failed(text('okNotConnected')) };
    const error = replyError(reply.params);
    if (!error) return { result: ok };
    const refused = failed(text('okCommandFailed', error.message || `error ${error.code ?? '?'}`));
    return error.code !== undefined ? { result: refused, code: error.code } : { result: refused };
  }

  async function command(method: string, params: OktellParams = {}): Promise<CommandResult> {
    return (await run(method, params)).result;
  }

  function waitForCall(callId: string, done: (call: Call | undefined) => boolean, ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (!done(tracker.find(callId)?.call)) return;
        finish(true);
      };
      const finish = (result: boolean) => {
        clearTimeout(timer);
        snapshotListeners.delete(check);
        resolve(result);
      };
      const timer = setTimeout(() => finish(false), ms);
      snapshotListeners.add(check);
      check();
    });
  }

  async function answer(callId: string): Promise<CommandResult> {
    if (!capabilities.has('answer')) return failed(text('okAnswerUnsupported'));
    const tracked = tracker.find(callId);
    if (!tracked || tracked.call.state === 'ended') return failed(text('okNoSuchCall'));
    if (tracked.call.state !== 'ringing' && !(tracked.call.state === 'dialing' && tracked.ringing)) return failed(text('okNotRinging'));
    const { result, code } = await run('pbxanswercall');
    if (!result.ok) return code === 2902 ? unsupportedAnswer() : result;
    const connected = await waitForCall(callId, (call) => call === undefined || call.state === 'connected' || call.state === 'held', timing.answerCheckMs);
    const call = tracker.find(callId)?.call;
    if (connected && call) return ok;
    if (connected) return failed(text('okNoSuchCall'));
    return unsupportedAnswer();
  }

  function unsupportedAnswer(): CommandResult {
    // oktell.js: intercomSupport = false for the rest of the session (error 2902).
    capabilities.delete('answer');
    log('the phone did not pick up on pbxanswercall: answering from the browser is switched off');
    return failed(text('okAnswerUnsupported'));
  }

  async function reject(callId: string): Promise<CommandResult> {
    const tracked = tracker.find(callId);
    if (!tracked || tracked.call.state === 'ended') return failed(text('okNoSuchCall'));
    if (tracked.call.state !== 'ringing') return hangup(callId);
    tracker.expectEnding(callId, 'rejected');
    return command('pbxdeclinecall');
  }

  async function hangup(callId: string): Promise<CommandResult> {
    const tracked = tracker.find(callId);
    if (!tracked || tracked.call.state === 'ended') return failed(text('okNoSuchCall'));
    switch (tracked.call.state) {
      case 'ringing':
        tracker.expectEnding(callId, 'rejected');
        return command('pbxdeclinecall');
      case 'held':
        return command('pbxmakeflash', { mode: 'abort' });
      case 'dialing':
        tracker.expectEnding(callId, 'cancelled');
        if (tracked.autocall) return command('pbxautocallabort');
        return command(tracked.ringing ? 'pbxdeclinecall' : 'pbxabortcall');
      default:
        return command('pbxabortcall');
    }
  }

  async function hold(callId: string): Promise<CommandResult> {
    if (!capabilities.has('hold')) return failed(text('errNotSupported'));
    const tracked = tracker.find(callId);
    if (!tracked || tracked.call.state === 'ended') return failed(text('okNoSuchCall'));
    if (tracked.call.state === 'held') return ok;
    if (tracked.call.state !== 'connected') return failed(text('okNotConnectedCall'));
    return command('pbxmakeflash', { mode: 'switch' });
  }

  async function resume(callId: string): Promise<CommandResult> {
    if (!capabilities.has('resume')) return failed(text('errNotSupported'));
    const tracked = tracker.find(callId);
    if (!tracked || tracked.call.state === 'ended') return failed(text('okNoSuchCall'));
    if (tracked.call.state !== 'held') return ok;
    return command('pbxmakeflash', { mode: 'switch' });
  }

  // ---- dialling ---------------------------------------------------------------------------------

  async function dial(number: string): Promise<CommandResult> {
    const target = dialString(number);
    if (!digitsOf(target)) return failed(text('errNumberNoDigits', number));
    const route = dialRouteOf(settings);
    if (!route) return failed(text('okNoDialRoute'));
    tracker.expectDial(target);
    switch (route) {
      case 'client': {
        const outcome = await requestClient(io, calltoUrl(settings.clientPort, target), explain);
        return outcome.kind === 'ok' ? ok : failed(clientFailureText(outcome, settings.clientPort));
      }
      case 'web-api': {
        if (!callerOf(settings).value) return failed(text('okNoCaller'));
        const outcome = await callWebApi(io, settings, autocallUrl(settings, target), explain);
        return outcome.kind === 'ok' ? ok : failed(webApiFailureText(outcome, origin, settings.webApiUser, target));
      }
      case 'websocket': {
        const result = await command('pbxautocallstart', { number: target, sequence: webSocketSequence(settings.sequence) });
        if (result.ok || result.error.key !== 'okCommandFailed') return result;
        return failed(text('okDialFailed', target, result.error.subs?.[0] ?? '?'));
      }
    }
  }

  // ---- watching ---------------------------------------------------------------------------------

  async function watch(signal: AbortSignal, emit: (event: DriverEvent) => void, known: readonly Call[]): Promise<void> {
    tracker = new OktellCallTracker({ now: io.now, line: () => lineLabel() }, known);
    const report = statusReporter(emit);
    const setStatus = (state: ConnectionStatus['state'], reason?: LocalText) =>
      report({ state, ...(reason ? { reason } : {}), since: io.now() });
    emitCalls = (calls) => {
      for (const call of calls) emit({ type: 'call', call });
    };
    setStatus('connecting');
    try {
      if (!login || !io.openWebSocket) {
        if (login) log('no WebSocket in this environment: dialling only');
        return await watchDialOnly(signal, setStatus, emit);
      }
      if (!wsUrl) return setStatus('misconfigured', text('okBadAddress', settings.address));
      await watchWebSocket(wsUrl, signal, setStatus, emit);
    } finally {
      emitCalls = () => undefined;
    }
  }

  async function watchWebSocket(
    url: string,
    signal: AbortSignal,
    setStatus: (state: ConnectionStatus['state'], reason?: LocalText) => void,
    emit: (event: DriverEvent) => void,
  ): Promise<void> {
    let failures = 0;
    const account = { login, password: settings.userPassword };
    for (let round = 0; !signal.aborted && round < Number.MAX_SAFE_INTEGER; round++) {
      const start = await startSession(io.openWebSocket!, url, account, timing, signal);
      if (signal.aborted) {
        if (start.ok) start.connection.close();
        break;
      }
      if (!start.ok) {
        const verdict = sessionFailureStatus(start.failure);
        setStatus(verdict.state, verdict.reason);
        // Never tried again by itself: the user corrects the settings or clicks Reconnect.
        if (verdict.retry === 'never') return;
        failures += 1;
        await pause(verdict.retry === 'slow' ? timing.slowRetryMs : retryDelay(failures), signal);
        continue;
      }
      failures = 0;
      await followSession(start.connection, start.info, signal, setStatus, emit);
      if (signal.aborted) break;
      setStatus('unreachable', text('okConnectionLost', hostOf(url)));
      failures = 1;
      await pause(retryDelay(failures), signal);
    }
  }

  function retryDelay(failures: number): number {
    const delays = timing.retryDelaysMs.length ? timing.retryDelaysMs : DEFAULT_TIMING.retryDelaysMs;
    return delays[Math.min(failures, delays.length) - 1]!;
  }

  function sessionFailureStatus(failure: SessionFailure): {
    state: ConnectionStatus['state'];
    reason: LocalText;
    retry: 'normal' | 'slow' | 'never';
  } {
    switch (failure.kind) {
      case 'open':
        return { state: 'unreachable', reason: openFailureText(failure.failure, failure.url), retry: 'normal' };
      case 'lost':
        return { state: 'unreachable', reason: text('okConnectionLost', hostOf(wsUrl ?? origin)), retry: 'normal' };
      case 'login': {
        const verdict = loginFailureStatus(failure.failure);
        return { state: verdict.state, reason: loginFailureText(failure.failure, login, origin), retry: verdict.retry ? 'slow' : 'never' };
      }
    }
  }

  /** Runs one logged-in session until its socket closes or the watch stops. */
  async function followSession(
    connection: OktellConnection,
    info: SessionInfo,
    signal: AbortSignal,
    setStatus: (state: ConnectionStatus['state'], reason?: LocalText) => void,
    emit: (event: DriverEvent) => void,
  ): Promise<void> {
    const ended = new AbortController();
    const stop = () => ended.abort();
    signal.addEventListener('abort', stop, { once: true });
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    let reading = false;
    let readAgain = false;
    let reportedProblem = false;
    const problem = (detail: string) => {
      log(detail);
      if (reportedProblem) return;
      reportedProblem = true;
      emit({ type: 'notice', text: text('okBadReply', detail.slice(0, 120)) });
    };

    // One getextendedlineinfo at a time; events during a read ask for one more read after it.
    const refresh = (): void => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      void (async () => {
        try {
          for (let reads = 0; reads < 20 && !ended.signal.aborted; reads++) {
            readAgain = false;
            const reply = await connection.request('getextendedlineinfo', withLogin(login), timing.requestTimeoutMs);
            if (!reply.ok || ended.signal.aborted) break;
            const error = replyError(reply.params);
            if (error) {
              problem(`getextendedlineinfo: ${error.message || error.code}`);
            } else {
              const line = readLineInfo(reply.params);
              if (line.ok) emitCalls(tracker.apply(line.snapshot));
              else problem(line.problem);
              for (const listener of [...snapshotListeners]) listener();
            }
            if (!readAgain) break;
          }
        } finally {
          reading = false;
        }
      })();
    };
    const session: ActiveSession = { connection, info, refresh };

    const onEvent = (frame: OktellFrame) => {
      const name = frame.method.toLowerCase();
      if (!OKTELL_CALL_EVENTS.includes(name)) return;
      refresh();
      if (SETTLING_EVENTS.has(name)) {
        clearTimeout(settleTimer);
        settleTimer = setTimeout(refresh, timing.settleMs);
      }
    };
    connection.attach({ onEvent, onClose: stop, onProblem: problem });

    try {
      if (info.dated !== undefined && info.dated < ANSWER_SINCE) capabilities.delete('answer');
      if (info.dated !== undefined && info.dated < FLASH_SINCE) {
        capabilities.delete('hold');
        capabilities.delete('resume');
      }
      const subscribed = await connection.request('subscribeevent', withLogin(login, { eventmethod: [...OKTELL_CALL_EVENTS] }), timing.requestTimeoutMs);
      if (ended.signal.aborted) return;
      if (!subscribed.ok) return; // closed or silent: reconnect
      const error = replyError(subscribed.params);
      if (error) {
        setStatus('misconfigured', text('okSubscribeFailed', error.message || `error ${error.code ?? '?'}`));
      } else {
        setStatus('online');
      }
      active = session;
      // A new session: what happened while there was none is read from the line now.
      refresh();
      await keepAlive(connection, ended.signal);
    } finally {
      signal.removeEventListener('abort', stop);
      clearTimeout(settleTimer);
      if (active === session) active = undefined;
      ended.abort();
      connection.close();
    }
  }

  /** Pings every pingIntervalMs until the session ends; a ping without a reply ends it. */
  async function keepAlive(connection: OktellConnection, signal: AbortSignal): Promise<void> {
    for (let round = 0; !signal.aborted && round < Number.MAX_SAFE_INTEGER; round++) {
      await pause(timing.pingIntervalMs, signal);
      if (signal.aborted || connection.closed) return;
      const pong = await connection.request('ping', {}, timing.requestTimeoutMs);
      if (!pong.ok) {
        log(`no answer to ping (${pong.reason}): reconnecting`);
        return;
      }
    }
  }

  /**
   * Without the user's own login there is nothing to follow: the driver only dials. The dial
   * target is checked until it answers once, so the status says whether dialling can work.
   */
  async function watchDialOnly(
    signal: AbortSignal,
    setStatus: (state: ConnectionStatus['state'], reason?: LocalText) => void,
    emit: (event: DriverEvent) => void,
  ): Promise<void> {
    const route = dialRouteOf(settings);
    if (!route) return setStatus('misconfigured', text('okNoDialRoute'));
    for (let failures = 1; !signal.aborted && failures < Number.MAX_SAFE_INTEGER; failures++) {
      const problem = await probeDialTarget(route, signal);
      if (signal.aborted) return;
      if (!problem) {
        setStatus('online');
        emit({ type: 'notice', text: text('okNoMonitoring') });
        await pause(Number.MAX_SAFE_INTEGER, signal);
        return;
      }
      setStatus('unreachable', problem);
      await pause(retryDelay(failures), signal);
    }
  }

  async function probeDialTarget(route: DialRoute, signal: AbortSignal): Promise<LocalText | undefined> {
    if (route === 'client') {
      const outcome = await requestClient(io, clientProbeUrl(settings.clientPort), { ...explain, acceptAnyStatus: true });
      return outcome.kind === 'ok' || outcome.kind === 'aborted' ? undefined : clientFailureText(outcome, settings.clientPort);
    }
    const reply = await fetchText(io, `${origin}/`, { method: 'GET', credentials: 'omit' }, { timeoutMs: timing.requestTimeoutMs, signal, ...explain });
    return reply.ok ? undefined : networkFailureText(reply.failure.kind, origin);
  }

  const pause = (ms: number, signal: AbortSignal) => pauseQuietly(io, ms, signal);

  // ---- Test connection ----------------------------------------------------------------------------

  async function diagnose(): Promise<Diagnosis> {
    const route = dialRouteOf(settings);
    if (!route && !login) return { outcome: 'misconfigured', messages: [text('okNoDialRoute')] };
    // Only the desktop client on this computer needs no server address.
    const needsServer = route !== 'client' || login !== '';
    if (needsServer && (!origin || !wsUrl)) return { outcome: 'misconfigured', messages: [text('okBadAddress', settings.address)] };
    const problems: { outcome: DiagnosisOutcome; text: LocalText }[] = [];
    const fine: LocalText[] = [];

    // 1. The server's web server answers at all (the Web-API and, usually, the WebSocket live there).
    if (needsServer) {
      const reply = await fetchText(io, `${origin}/`, { method: 'GET', credentials: 'omit' }, { timeoutMs: timing.requestTimeoutMs, ...explain });
      if (!reply.ok) return { outcome: networkOutcome(reply.failure.kind), messages: [networkFailureText(reply.failure.kind, origin)] };
    }

    // 2. The dial route.
    if (route === 'web-api') {
      const outcome = await callWebApi(io, settings, userStateUrl(settings), explain);
      const host = hostOf(origin);
      switch (outcome.kind) {
        case 'ok':
        case 'refused': // the account got in; only the test query's user was not found
          fine.push(text('okWebApiOk', host, settings.webApiUser));
          break;
        case 'no-command':
          fine.push(text('okWebApiUntested', host));
          break;
        case 'auth':
        case 'forbidden':
          problems.push({ outcome: 'auth-rejected', text: webApiFailureText(outcome, origin, settings.webApiUser, '') });
          break;
        case 'not-oktell':
          problems.push({ outcome: 'not-cti', text: webApiFailureText(outcome, origin, settings.webApiUser, '') });
          break;
        case 'http-error':
          problems.push({ outcome: 'http-error', text: webApiFailureText(outcome, origin, settings.webApiUser, '') });
          break;
        case 'network':
          problems.push({ outcome: networkOutcome(outcome.failure), text: networkFailureText(outcome.failure, origin) });
          break;
      }
      if (!callerOf(settings).value) problems.push({ outcome: 'misconfigured', text: text('okNoCaller') });
    } else if (route === 'client') {
      const outcome = await requestClient(io, clientProbeUrl(settings.clientPort), { ...explain, acceptAnyStatus: true });
      if (outcome.kind === 'ok') fine.push(text('okClientOk', settings.clientPort));
      else problems.push({ outcome: outcome.kind === 'timeout' ? 'timeout' : 'refused', text: clientFailureText(outcome, settings.clientPort) });
    }

    // 3. The WebSocket login: screen-pop and call control.
    if (login && io.openWebSocket && wsUrl) {
      const start = await startSession(io.openWebSocket, wsUrl, { login, password: settings.userPassword }, timing);
      if (start.ok) {
        start.connection.close();
        const host = hostOf(origin);
        const who = start.info.userName ? `${start.info.userName} (${login})` : login;
        fine.push(start.info.build ? text('okWsOk', host, start.info.build, who) : text('okWsOkNoVersion', host, who));
        if (start.info.dated !== undefined && start.info.dated < ANSWER_SINCE) fine.push(text('okOldNoAnswer', start.info.build));
      } else if (start.failure.kind === 'login') {
        problems.push({ outcome: loginFailureOutcome(start.failure.failure), text: loginFailureText(start.failure.failure, login, origin) });
      } else if (start.failure.kind === 'open') {
        problems.push({ outcome: 'unreachable', text: openFailureText(start.failure.failure, start.failure.url) });
      } else {
        problems.push({ outcome: 'timeout', text: text('okConnectionLost', hostOf(wsUrl)) });
      }
    } else if (!login) {
      fine.push(text('okNoMonitoring'));
    }

    if (problems.length) return { outcome: problems[0]!.outcome, messages: [...problems.map((p) => p.text), ...fine] };
    return { outcome: 'ok', messages: fine };
  }

  return {
    id: 'oktell',
    capabilities,
    dial,
    answer,
    reject,
    hangup,
    hold,
    resume,
    diagnose,
    watch,
  };
}
