// An AMI session over AJAM: Login on first use, a new Login when a reply says
// "Permission denied" (the session expired: asterisk-ajam-transcripts.md §1 "Session expiry"),
// and never a second try after "Authentication failed" — the caller decides when to retry.
import type { DriverIO } from '../contract.ts';
import { sendAction, type AjamFailure, type AjamTarget } from './ajam.ts';
import type { AmiPacket } from './rawman.ts';

export interface AmiCredentials {
  readonly username: string;
  readonly secret: string;
}

export type SessionFailure =
  | AjamFailure
  | { readonly kind: 'auth-failed'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export type SessionReply =
  | {
      readonly ok: true;
      /** The packet with a Response header, if any (a kicked WaitEvent has none). */
      readonly response: AmiPacket | undefined;
      /** Every Event packet, in order. */
      readonly events: AmiPacket[];
      /** 200 with an empty body: a WaitEvent kicked by another one on the same session. */
      readonly empty: boolean;
    }
  | { readonly ok: false; readonly failure: SessionFailure };

const PERMISSION_DENIED = /^permission denied/i;
/** Login only needs call events: the Events mask limits what WaitEvent carries (§2.8). */
export const LOGIN_EVENT_MASK = 'call';

export class AjamSession {
  private loggedIn = false;
  private logins = 0;

  /** How many times a Login succeeded: a change means a new session whose events start afresh. */
  get loginCount(): number {
    return this.logins;
  }

  constructor(
    private readonly io: DriverIO,
    private readonly target: AjamTarget,
    private readonly credentials: AmiCredentials,
    private readonly explain?: (url: string, error: unknown) => Promise<string | undefined>,
  ) {}

  get isLoggedIn(): boolean {
    return this.loggedIn;
  }

  private async send(fields: readonly (readonly [string, string])[], timeoutMs: number, signal?: AbortSignal): Promise<SessionReply> {
    const reply = await sendAction(this.io, this.target, fields, {
      timeoutMs,
      ...(signal ? { signal } : {}),
      ...(this.explain ? { explain: this.explain } : {}),
    });
    if (!reply.ok) return reply;
    const response = reply.packets.find((p) => p.headers.response !== undefined);
    const events = reply.packets.filter((p) => p.headers.event !== undefined);
    return { ok: true, response, events, empty: reply.empty };
  }

  async login(signal?: AbortSignal): Promise<SessionReply> {
    const reply = await this.send(
      [
        ['Action', 'Login'],
        ['Username', this.credentials.username],
        ['Secret', this.credentials.secret],
        ['Events', LOGIN_EVENT_MASK],
      ],
      10_000,
      signal,
    );
    if (!reply.ok) return reply;
    const outcome = reply.response?.headers.response?.toLowerCase();
    if (outcome === 'success') {
      this.loggedIn = true;
      this.logins += 1;
      return reply;
    }
    this.loggedIn = false;
    const message = reply.response?.headers.message ?? '';
    // Asterisk answers "Authentication failed" for a wrong secret and for an ACL refusal alike.
    return { ok: false, failure: { kind: 'auth-failed', message } };
  }

  /** Runs an action, logging in first or again when the session is gone. */
  async run(fields: readonly (readonly [string, string])[], timeoutMs: number, signal?: AbortSignal): Promise<SessionReply> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.loggedIn) {
        const login = await this.login(signal);
        if (!login.ok) return login;
      }
      const reply = await this.send(fields, timeoutMs, signal);
      if (!reply.ok) return reply;
      const response = reply.response?.headers;
      if (response?.response?.toLowerCase() === 'error') {
        const message = response.message ?? '';
        if (PERMISSION_DENIED.test(message) && attempt === 0) {
          // Expired session (or missing write permission: the retry tells them apart).
          this.loggedIn = false;
          continue;
        }
        return { ok: false, failure: { kind: 'error', message } };
      }
      return reply;
    }
    return { ok: false, failure: { kind: 'error', message: 'Permission denied' } };
  }

  /** Best effort: ends the session on the server. */
  async logoff(): Promise<void> {
    if (!this.loggedIn) return;
    this.loggedIn = false;
    await this.send([['Action', 'Logoff']], 3000).catch(() => undefined);
  }

  /** Forgets the login (after Logoff by someone else sharing the cookie, e.g. Test connection). */
  forget(): void {
    this.loggedIn = false;
  }
}
