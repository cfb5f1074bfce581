// One Oktell WebSocket: open with subprotocol "json", the ping handshake, requests matched to
// replies by qid, multipart reassembly, and pushed events (protocols.md §3.3, frames.ts).
//
// Handshake [SRC oktell.js multiConnect]: the first frame after open is ["ping", {qid}]. The server
// answers it (the reply carries the qid) or says ["websocketredirect", …], after which the client
// must use wss:// on port 443 instead.
import type { WebSocketFactory, WebSocketLike } from '../contract.ts';
import { encodeFrame, MultipartAssembler, newQid, parseFrame, type OktellFrame, type OktellParams } from './frames.ts';

export const SUBPROTOCOL = 'json';
const OPEN = 1;

export interface ConnectionCallbacks {
  /** A frame that is not the reply to one of our requests: an event. */
  onEvent(frame: OktellFrame): void;
  /** The socket closed (by either side) after a successful open. */
  onClose(info: { readonly code: number | undefined; readonly reason: string }): void;
  /** A frame that could not be read (logged, never fatal). */
  onProblem(problem: string): void;
}

export type RequestOutcome =
  | { readonly ok: true; readonly method: string; readonly params: OktellParams }
  | { readonly ok: false; readonly reason: 'timeout' | 'closed' };

export type OpenFailure = 'unreachable' | 'timeout' | 'no-answer' | 'redirect' | 'aborted';

export type OpenResult = { readonly ok: true; readonly connection: OktellConnection } | { readonly ok: false; readonly failure: OpenFailure };

export class OktellConnection {
  private readonly pending = new Map<string, { resolve: (outcome: RequestOutcome) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly assembler = new MultipartAssembler();
  private sequence = 0;
  private isClosed = false;
  private callbacks: ConnectionCallbacks | undefined;
  /** While the handshake runs: told about websocketredirect. */
  private onRedirect: (() => void) | undefined;

  private constructor(
    private readonly socket: WebSocketLike,
    readonly url: string,
  ) {}

  get closed(): boolean {
    return this.isClosed || this.socket.readyState > OPEN;
  }

  /**
   * Opens the socket and runs the ping handshake within `timeoutMs`. Events that arrive before
   * `attach` are dropped (there are none before login).
   */
  static open(factory: WebSocketFactory, url: string, timeoutMs: number, signal?: AbortSignal): Promise<OpenResult> {
    return new Promise<OpenResult>((resolve) => {
      let socket: WebSocketLike;
      try {
        socket = factory(url, SUBPROTOCOL);
      } catch {
        // A malformed URL or a port the browser blocks throws at once.
        resolve({ ok: false, failure: 'unreachable' });
        return;
      }
      const connection = new OktellConnection(socket, url);
      let settled = false;
      let opened = false;
      const finish = (result: OpenResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        connection.onRedirect = undefined;
        if (!result.ok) connection.close();
        resolve(result);
      };
      const onAbort = () => finish({ ok: false, failure: 'aborted' });
      const timer = setTimeout(() => finish({ ok: false, failure: opened ? 'no-answer' : 'timeout' }), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.addEventListener('message', (event) => connection.receive(event.data));
      socket.addEventListener('close', (event) => {
        const wasSettled = settled;
        connection.closeDown();
        if (!wasSettled) finish({ ok: false, failure: opened ? 'no-answer' : 'unreachable' });
        else connection.callbacks?.onClose({ code: event.code, reason: event.reason ?? '' });
      });
      // 'error' is always followed by 'close'; nothing to do here.
      socket.addEventListener('error', () => undefined);
      socket.addEventListener('open', () => {
        opened = true;
        connection.onRedirect = () => finish({ ok: false, failure: 'redirect' });
        void connection.request('ping', {}, timeoutMs).then((reply) => {
          if (reply.ok) finish({ ok: true, connection });
          else finish({ ok: false, failure: 'no-answer' });
        });
      });
    });
  }

  /** Starts delivering events and the close to these callbacks. */
  attach(callbacks: ConnectionCallbacks): void {
    this.callbacks = callbacks;
  }

  /** Sends a request and waits for the frame that echoes its qid. */
  request(method: string, params: OktellParams, timeoutMs: number): Promise<RequestOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed' });
    const qid = newQid(++this.sequence);
    return new Promise<RequestOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(qid);
        resolve({ ok: false, reason: 'timeout' });
      }, timeoutMs);
      this.pending.set(qid, { resolve, timer });
      try {
        this.socket.send(encodeFrame(method, { ...params, qid }));
      } catch {
        clearTimeout(timer);
        this.pending.delete(qid);
        resolve({ ok: false, reason: 'closed' });
      }
    });
  }

  /** Closes the socket; the attached callbacks hear nothing more (not even this close). */
  close(): void {
    this.callbacks = undefined;
    if (!this.isClosed) {
      try {
        this.socket.close(1000, 'bye');
      } catch {
        // already closing
      }
    }
    this.closeDown();
  }

  private closeDown(): void {
    this.isClosed = true;
    for (const [qid, entry] of this.pending) {
      clearTimeout(entry.timer);
      this.pending.delete(qid);
      entry.resolve({ ok: false, reason: 'closed' });
    }
    this.assembler.clear();
  }

  private receive(data: unknown): void {
    const parsed = parseFrame(data);
    if (!parsed.ok) return this.callbacks?.onProblem(parsed.problem);
    let frame = parsed.frame;
    if (frame.method === 'multipart') {
      const step = this.assembler.add(frame.params);
      if (step.kind === 'partial') return;
      if (step.kind === 'problem') return this.callbacks?.onProblem(step.problem);
      const inner = parseFrame(step.raw);
      if (!inner.ok) return this.callbacks?.onProblem(`multipart: ${inner.problem}`);
      frame = inner.frame;
    }
    const qid = frame.params.qid;
    const entry = typeof qid === 'string' || typeof qid === 'number' ? this.pending.get(String(qid)) : undefined;
    if (entry) {
      this.pending.delete(String(qid));
      clearTimeout(entry.timer);
      entry.resolve({ ok: true, method: frame.method, params: frame.params });
      return;
    }
    if (frame.method === 'websocketredirect' && this.onRedirect) return this.onRedirect();
    this.callbacks?.onEvent(frame);
  }
}
