// The RanderWEB Web API session: log in for a token (commands.ts LOGIN_METHODS), run commands as
// GET /api/rander/<command>/<p1>/<p2>?token=…, and when a reply says the token is no longer good
// (401 or an "invalid token" text) log in again once and repeat the command once. One login at a
// time: concurrent callers share it. The password and the token are never logged.
import type { DriverIO } from '../contract.ts';
import { fetchText, type NetworkFailureKind } from '../network.ts';
import {
  COMMANDS,
  LOGIN_METHODS,
  commandPath,
  commandUrl,
  isSendableSegment,
  loginRequest,
  readCommandReply,
  readLoginReply,
  redactUrl,
  type CommandName,
  type CommandParam,
  type LoginMethod,
} from './commands.ts';

export interface RanderCredentials {
  readonly username: string;
  readonly password: string;
}

export type LoginFailure =
  | { readonly kind: NetworkFailureKind | 'aborted' }
  | { readonly kind: 'login-rejected'; readonly detail: string }
  /** The server has none of the login methods (every one answered 404/405). */
  | { readonly kind: 'login-not-found' }
  | { readonly kind: 'login-unexpected'; readonly detail: string }
  | { readonly kind: 'http-error'; readonly status: number };

export type CommandFailure =
  | LoginFailure
  /** The token was refused again right after a fresh login. */
  | { readonly kind: 'token-rejected' }
  | { readonly kind: 'command-refused'; readonly detail: string }
  /** 404 for this command: this RanderWEB does not know it. */
  | { readonly kind: 'not-found'; readonly path: string }
  | { readonly kind: 'unexpected'; readonly detail: string }
  /** The command is not in the table. */
  | { readonly kind: 'not-supported' }
  /** A value that cannot be a path segment (empty, or only dots). */
  | { readonly kind: 'bad-value'; readonly value: string };

export type TokenOutcome = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly failure: LoginFailure };
export type CommandOutcome = { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly failure: CommandFailure };

const REQUEST_TIMEOUT_MS = 10_000;
/** Renew a token this long before the expiry the server announced (expires_in). */
const EXPIRY_MARGIN_MS = 30_000;

interface HeldToken {
  readonly value: string;
  readonly expiresAt: number | undefined;
}

export class RanderSession {
  private token: HeldToken | undefined;
  private loggingIn: Promise<TokenOutcome> | undefined;
  /** The login method that worked, tried first from then on. */
  private method: LoginMethod | undefined;
  private logins = 0;
  /** The token with which the extension's line was opened (openline), if any. */
  private lineOpenedWith: string | undefined;

  constructor(
    private readonly io: DriverIO,
    private readonly origin: string,
    private readonly credentials: RanderCredentials,
    private readonly explain?: (url: string, error: unknown) => Promise<string | undefined>,
  ) {}

  /** Successful logins so far. */
  get loginCount(): number {
    return this.logins;
  }

  /** The current token without logging in ('' if none). */
  get currentToken(): string {
    return this.token?.value ?? '';
  }

  /** A token: the held one while it is fresh, else a new login. */
  async ensureToken(signal?: AbortSignal): Promise<TokenOutcome> {
    const held = this.token;
    if (held && (held.expiresAt === undefined || this.io.now() < held.expiresAt)) return { ok: true, token: held.value };
    return this.login(signal);
  }

  /** Forgets `token` because the server refused it (a newer token is kept). */
  invalidate(token: string): void {
    if (this.token?.value === token) this.token = undefined;
  }

  /** Logs in now (sharing a login already under way). */
  login(signal?: AbortSignal): Promise<TokenOutcome> {
    if (!this.loggingIn) {
      this.loggingIn = this.runLogin(signal).finally(() => {
        this.loggingIn = undefined;
      });
    }
    return this.loggingIn;
  }

  private async runLogin(signal?: AbortSignal): Promise<TokenOutcome> {
    this.token = undefined;
    const methods = this.method ? [this.method, ...LOGIN_METHODS.filter((m) => m !== this.method)] : LOGIN_METHODS;
    let lastFailure: LoginFailure = { kind: 'login-not-found' };
    for (const method of methods) {
      const request = loginRequest(this.origin, method, this.credentials.username, this.credentials.password);
      if (!request) continue;
      const { url, init } = request;
      const reply = await fetchText(this.io, url, { ...init, credentials: 'omit' }, this.requestOptions(signal));
      if (!reply.ok) return { ok: false, failure: reply.failure };
      const read = readLoginReply(method, reply.status, reply.body);
      switch (read.kind) {
        case 'token':
          this.method = method;
          this.logins += 1;
          this.token = {
            value: read.token,
            expiresAt: read.expiresInS !== undefined ? this.io.now() + Math.max(0, read.expiresInS * 1000 - EXPIRY_MARGIN_MS) : undefined,
          };
          return { ok: true, token: read.token };
        case 'no-such-method':
          continue;
        case 'rejected':
          this.method = method;
          return { ok: false, failure: { kind: 'login-rejected', detail: read.detail } };
        case 'http-error':
          lastFailure = { kind: 'http-error', status: read.status };
          this.io.log?.(`RanderWEB login at ${redactUrl(url)} answered HTTP ${read.status}`);
          return { ok: false, failure: lastFailure };
        case 'unexpected':
          return { ok: false, failure: { kind: 'login-unexpected', detail: read.detail } };
      }
    }
    return { ok: false, failure: lastFailure };
  }

  /**
   * Runs a command of the table. With `openLineFirst`, the extension's line is opened (openline)
   * once per token before it, as the demo's Web API page does before Make Call.
   */
  async command(
    name: CommandName,
    values: Readonly<Record<CommandParam, string>>,
    options: { readonly signal?: AbortSignal; readonly openLineFirst?: boolean } = {},
  ): Promise<CommandOutcome> {
    const spec = COMMANDS[name];
    if (!spec) return { ok: false, failure: { kind: 'not-supported' } };
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.ensureToken(options.signal);
      if (!token.ok) return token;
      if (options.openLineFirst && name !== 'openLine' && COMMANDS.openLine && this.lineOpenedWith !== token.token) {
        const opened = await this.send('openLine', values, token.token, options.signal);
        if (opened.kind === 'token-rejected') {
          this.invalidate(token.token);
          if (attempt === 0) continue;
          return { ok: false, failure: { kind: 'token-rejected' } };
        }
        if (opened.kind !== 'ok') return { ok: false, failure: opened.failure };
        this.lineOpenedWith = token.token;
      }
      const reply = await this.send(name, values, token.token, options.signal);
      if (reply.kind === 'token-rejected') {
        this.invalidate(token.token);
        if (attempt === 0) continue;
        return { ok: false, failure: { kind: 'token-rejected' } };
      }
      if (reply.kind !== 'ok') return { ok: false, failure: reply.failure };
      if (name === 'openLine') this.lineOpenedWith = token.token;
      return { ok: true, detail: reply.detail };
    }
    return { ok: false, failure: { kind: 'token-rejected' } };
  }

  private async send(
    name: CommandName,
    values: Readonly<Record<CommandParam, string>>,
    token: string,
    signal?: AbortSignal,
  ): Promise<{ kind: 'ok'; detail: string } | { kind: 'token-rejected' } | { kind: 'failed'; failure: CommandFailure }> {
    const spec = COMMANDS[name];
    if (!spec) return { kind: 'failed', failure: { kind: 'not-supported' } };
    const url = commandUrl(this.origin, spec, values, token);
    if (!url) {
      const value = spec.params.map((p) => values[p]).find((v) => !isSendableSegment(v)) ?? '';
      return { kind: 'failed', failure: { kind: 'bad-value', value } };
    }
    const reply = await fetchText(this.io, url, { method: 'GET', credentials: 'omit' }, this.requestOptions(signal));
    if (!reply.ok) return { kind: 'failed', failure: reply.failure };
    const read = readCommandReply(reply.status, reply.body);
    switch (read.kind) {
      case 'ok':
        return { kind: 'ok', detail: read.detail };
      case 'token-rejected':
        return { kind: 'token-rejected' };
      case 'not-found':
        return { kind: 'failed', failure: { kind: 'not-found', path: commandPath(spec) } };
      case 'refused':
        this.io.log?.(`RanderWEB refused ${redactUrl(url)}: ${read.detail}`);
        return { kind: 'failed', failure: { kind: 'command-refused', detail: read.detail } };
      case 'http-error':
        return { kind: 'failed', failure: { kind: 'http-error', status: read.status } };
      case 'unexpected':
        return { kind: 'failed', failure: { kind: 'unexpected', detail: read.detail } };
    }
  }

  private requestOptions(signal?: AbortSignal) {
    return {
      timeoutMs: REQUEST_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
      ...(this.explain ? { explain: this.explain } : {}),
    };
  }
}
