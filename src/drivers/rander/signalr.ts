// One SignalR 2 hub connection over the injected WebSocket (protocols.md §4.2): negotiate →
// /connect → the init frame `{"C":…,"S":1,"M":[]}` → GET /start `{"Response":"started"}`; hub
// invocations and their replies; `{}` keep-alives feed a watchdog of KeepAliveTimeout (the jQuery
// client's "keep alive timed out" rule); after a drop, /reconnect with the last message id `C`,
// so the server resends what was missed. Knows nothing about RanderWEB beyond the hub name.
import type { DriverIO, WebSocketLike } from '../contract.ts';
import { fetchText, type NetworkFailureKind } from '../network.ts';
import { redactUrl } from './commands.ts';
import {
  ajaxUrl,
  invocationFrame,
  isStartedReply,
  negotiateUrl,
  parseServerFrame,
  readNegotiateReply,
  transportUrl,
  type ConnectionState,
  type HubMessage,
  type HubTarget,
  type InvocationReply,
  type Negotiation,
  type NegotiateReply,
} from './frames.ts';

export type NegotiateOutcome =
  | { readonly ok: true; readonly negotiation: Negotiation }
  | { readonly ok: false; readonly failure: NegotiateFailure };

export type NegotiateFailure = { readonly kind: NetworkFailureKind | 'aborted' } | Exclude<NegotiateReply, { kind: 'ok' }>;

export type OpenFailure =
  | { readonly kind: NetworkFailureKind | 'aborted' }
  /** No WebSocket in this context. */
  | { readonly kind: 'no-websocket-api' }
  /** The socket closed or failed before it was usable; the browser does not say why. */
  | { readonly kind: 'socket-failed' }
  /** Open, but no init frame within TransportConnectTimeout. */
  | { readonly kind: 'init-timeout' }
  /** /start did not answer `{"Response":"started"}`. */
  | { readonly kind: 'start-failed'; readonly status: number; readonly detail: string };

export type OpenOutcome = { readonly ok: true } | { readonly ok: false; readonly failure: OpenFailure };

export type InvokeOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly kind: 'hub-error'; readonly error: string }
  | { readonly ok: false; readonly kind: 'timeout' | 'closed' };

/** Why a connected socket went away. */
export type DropReason = 'closed' | 'keep-alive-timeout' | 'server-asked' | 'stopped';

const REQUEST_TIMEOUT_MS = 10_000;
/** The jQuery client adds its own 5 s to the server's TransportConnectTimeout. */
const CLIENT_CONNECT_MARGIN_MS = 5000;
const ABORT_TIMEOUT_MS = 1000;
const WS_OPEN = 1;

export interface HubConnectionOptions {
  readonly io: DriverIO;
  readonly target: HubTarget;
  readonly negotiation: Negotiation;
  /** The current Rander token: it may be renewed between a drop and the reconnect. */
  readonly token: () => string;
  readonly onMessage: (message: HubMessage) => void;
  readonly explain?: (url: string, error: unknown) => Promise<string | undefined>;
}

export async function negotiate(
  io: DriverIO,
  target: HubTarget,
  token: string,
  options: { signal?: AbortSignal; explain?: (url: string, error: unknown) => Promise<string | undefined> } = {},
): Promise<NegotiateOutcome> {
  const reply = await fetchText(io, negotiateUrl(target, token), { method: 'GET', credentials: 'omit' }, {
    timeoutMs: REQUEST_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.explain ? { explain: options.explain } : {}),
  });
  if (!reply.ok) return { ok: false, failure: reply.failure };
  const read = readNegotiateReply(reply.status, reply.body);
  return read.kind === 'ok' ? { ok: true, negotiation: read.negotiation } : { ok: false, failure: read };
}

export class HubConnection {
  private socket: WebSocketLike | undefined;
  /** Bumped for every socket, so events of an old one are ignored. */
  private generation = 0;
  private messageId: string | undefined;
  private groupsToken: string | undefined;
  private nextInvocationId = 0;
  private readonly pending = new Map<string, (outcome: InvokeOutcome) => void>();
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private dropReason: DropReason | undefined;
  private dropListeners: ((reason: DropReason) => void)[] = [];
  private stopped = false;
  private opened = false;

  constructor(private readonly options: HubConnectionOptions) {}

  get connectionId(): string {
    return this.options.negotiation.connectionId;
  }

  get protocolVersion(): string {
    return this.options.negotiation.protocolVersion;
  }

  /** The last `C` (message id) received; /reconnect resends everything after it. */
  get lastMessageId(): string | undefined {
    return this.messageId;
  }

  /** True once /connect and /start succeeded and stop() was not called: a drop is resumed with /reconnect. */
  get canResume(): boolean {
    return this.opened && !this.stopped;
  }

  private state(): ConnectionState {
    return {
      path: this.options.negotiation.path,
      protocol: this.options.negotiation.protocolVersion,
      connectionToken: this.options.negotiation.connectionToken,
      messageId: this.messageId,
      groupsToken: this.groupsToken,
    };
  }

  /** /connect, wait for the init frame, then /start. */
  async open(signal: AbortSignal): Promise<OpenOutcome> {
    const socket = await this.openSocket('connect', signal);
    if (!socket.ok) return socket;
    const { io, target, explain } = this.options;
    const reply = await fetchText(io, ajaxUrl('start', target, this.options.token(), this.state()), { method: 'GET', credentials: 'omit' }, {
      timeoutMs: REQUEST_TIMEOUT_MS,
      signal,
      ...(explain ? { explain } : {}),
    });
    if (!reply.ok) {
      this.closeSocket();
      return { ok: false, failure: reply.failure };
    }
    if (!isStartedReply(reply.status, reply.body)) {
      this.closeSocket();
      return { ok: false, failure: { kind: 'start-failed', status: reply.status, detail: reply.body.slice(0, 120) } };
    }
    this.opened = true;
    return { ok: true };
  }

  /**
   * /reconnect with messageId: the same connection on a new socket. Over WebSockets the server sends
   * no init frame: the open socket is the success, then the missed messages arrive.
   */
  async reconnect(signal: AbortSignal): Promise<OpenOutcome> {
    return this.openSocket('reconnect', signal);
  }

  private openSocket(kind: 'connect' | 'reconnect', signal: AbortSignal): Promise<OpenOutcome> {
    const { io, target, negotiation } = this.options;
    if (!io.openWebSocket) return Promise.resolve({ ok: false, failure: { kind: 'no-websocket-api' } });
    if (signal.aborted || this.stopped) return Promise.resolve({ ok: false, failure: { kind: 'aborted' } });
    this.closeSocket();
    this.dropReason = undefined;
    const generation = ++this.generation;
    const url = transportUrl(kind, target, this.options.token(), this.state(), Math.floor(Math.random() * 11));
    let socket: WebSocketLike;
    try {
      socket = io.openWebSocket(url);
    } catch (error) {
      io.log?.(`SignalR ${kind} ${redactUrl(url)} could not start: ${error instanceof Error ? error.message : String(error)}`);
      return Promise.resolve({ ok: false, failure: { kind: 'socket-failed' } });
    }
    this.socket = socket;
    return new Promise<OpenOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: OpenOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (!outcome.ok) {
          if (this.generation === generation) this.closeSocket();
        } else {
          this.feedWatchdog(generation);
        }
        resolve(outcome);
      };
      const onAbort = (): void => settle({ ok: false, failure: { kind: 'aborted' } });
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => settle({ ok: false, failure: { kind: 'init-timeout' } }),
        negotiation.transportConnectTimeoutMs + CLIENT_CONNECT_MARGIN_MS,
      );
      socket.addEventListener('open', () => {
        if (this.generation !== generation) return;
        if (kind === 'reconnect') settle({ ok: true });
      });
      socket.addEventListener('message', (event) => {
        if (this.generation !== generation) return;
        const initialised = this.onFrame(generation, textOf(event.data));
        if (initialised && kind === 'connect') settle({ ok: true });
      });
      const onGone = (): void => {
        if (this.generation !== generation) return;
        if (!settled) settle({ ok: false, failure: { kind: 'socket-failed' } });
        else this.dropped(this.dropReason ?? 'closed');
      };
      socket.addEventListener('close', onGone);
      socket.addEventListener('error', onGone);
    });
  }

  /** Handles one frame; true for the init frame. */
  private onFrame(generation: number, text: string): boolean {
    this.feedWatchdog(generation);
    const frame = parseServerFrame(text);
    switch (frame.kind) {
      case 'keep-alive':
        return false;
      case 'result':
      case 'error':
      case 'progress':
        this.settleInvocation(frame);
        return false;
      case 'invalid':
        this.options.io.log?.(`SignalR: a frame that is not JSON was ignored: ${frame.detail}`);
        return false;
      case 'persistent':
        if (frame.messageId !== undefined) this.messageId = frame.messageId;
        if (frame.groupsToken !== undefined) this.groupsToken = frame.groupsToken;
        for (const reply of frame.replies) this.settleInvocation(reply);
        for (const message of frame.messages) {
          try {
            this.options.onMessage(message);
          } catch (error) {
            this.options.io.log?.(`SignalR: handling ${message.method} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        if (frame.shouldReconnect || frame.disconnect) {
          this.dropReason = 'server-asked';
          this.closeSocket();
          this.dropped('server-asked');
        }
        return frame.initialized;
    }
  }

  private settleInvocation(reply: InvocationReply): void {
    if (reply.kind === 'progress') return;
    const resolve = this.pending.get(reply.id);
    if (!resolve) return;
    this.pending.delete(reply.id);
    resolve(reply.kind === 'result' ? { ok: true, result: reply.result } : { ok: false, kind: 'hub-error', error: reply.error });
  }

  /** `{"H":hub,"M":method,"A":args,"I":n}` and its reply. */
  invoke(method: string, args: readonly unknown[], timeoutMs: number): Promise<InvokeOutcome> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return Promise.resolve({ ok: false, kind: 'closed' });
    const id = this.nextInvocationId++;
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(String(id));
        resolve({ ok: false, kind: 'timeout' });
      }, timeoutMs);
      this.pending.set(String(id), (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      try {
        socket.send(invocationFrame(this.options.target.hub, method, args, id));
      } catch {
        this.pending.delete(String(id));
        clearTimeout(timer);
        resolve({ ok: false, kind: 'closed' });
      }
    });
  }

  /** Resolves when the current socket is gone (or at once if it already is). */
  waitForDrop(signal: AbortSignal): Promise<DropReason> {
    if (this.stopped) return Promise.resolve('stopped');
    if (this.dropReason !== undefined || !this.socket) return Promise.resolve(this.dropReason ?? 'closed');
    return new Promise<DropReason>((resolve) => {
      const onAbort = (): void => resolve('stopped');
      signal.addEventListener('abort', onAbort, { once: true });
      this.dropListeners.push((reason) => {
        signal.removeEventListener('abort', onAbort);
        resolve(reason);
      });
    });
  }

  private dropped(reason: DropReason): void {
    if (this.dropReason === undefined || this.dropReason === reason) this.dropReason = reason;
    this.clearWatchdog();
    this.socket = undefined;
    for (const [id, resolve] of this.pending) {
      this.pending.delete(id);
      resolve({ ok: false, kind: 'closed' });
    }
    const listeners = this.dropListeners;
    this.dropListeners = [];
    for (const listener of listeners) listener(this.dropReason);
  }

  /**
   * The keep-alive watchdog: no frame at all for KeepAliveTimeout means the link is dead even if
   * the socket looks open (a half-open TCP connection, a sleeping laptop, a NAT that forgot us).
   */
  private feedWatchdog(generation: number): void {
    const timeout = this.options.negotiation.keepAliveTimeoutMs;
    if (timeout === undefined) return;
    this.clearWatchdog();
    this.watchdog = setTimeout(() => {
      if (this.generation !== generation || !this.socket) return;
      this.options.io.log?.(`SignalR: no keep-alive for ${timeout} ms; reconnecting`);
      this.dropReason = 'keep-alive-timeout';
      this.closeSocket();
      this.dropped('keep-alive-timeout');
    }, timeout);
  }

  private clearWatchdog(): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.clearWatchdog();
    if (!socket) return;
    // Events of this socket are ignored from now on.
    this.generation += 1;
    try {
      socket.close(1000);
    } catch {
      // already closing
    }
  }

  /** Ends the connection: POST /abort (best effort, as the jQuery client's stop()) and close. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const hadSocket = this.socket !== undefined || this.opened;
    this.closeSocket();
    this.dropped('stopped');
    if (!hadSocket) return;
    const { io, target } = this.options;
    await fetchText(io, ajaxUrl('abort', target, this.options.token(), this.state()), { method: 'POST', credentials: 'omit' }, {
      timeoutMs: ABORT_TIMEOUT_MS,
    }).catch(() => undefined);
  }
}

function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return String(data);
}
