/**
 * SignalR 2.2 server-side wire details the simulator reproduces (shared/reference/protocols.md §4.2,
 * SignalR/SignalR@2.2 PersistentConnection, ProtocolResolver, Resources.resx): the connection token
 * (a protected `connectionId:user`), message cursors, the protocol version a server answers, and the
 * exact error texts.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export const ERRORS = {
  unknownTransport: 'Protocol error: Unknown transport.',
  missingConnectionToken: 'Protocol error: Missing connection token.',
  badConnectionToken: 'The ConnectionId is in the incorrect format.',
  identityChanged: 'Unrecognized user identity. The user identity cannot change during an active SignalR connection.',
  hubUnknown: (name: string) => `'${name}' Hub could not be resolved.`,
  methodUnknown: (name: string) => `'${name}' method could not be resolved.`,
  notAuthorized: 'Authorization has been denied for this request.',
} as const;

/** Mints and checks connection tokens; rotate() makes every earlier token "incorrect". */
export class ConnectionTokens {
  private secret = randomBytes(16);

  mint(connectionId: string, user: string): string {
    const payload = Buffer.from(`${connectionId}:${user}`, 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** `{connectionId, user}`, or undefined when the token was not made by this server (now). */
  read(token: string): { connectionId: string; user: string } | undefined {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined || signature !== this.sign(payload)) return undefined;
    const text = Buffer.from(payload, 'base64url').toString('utf8');
    const colon = text.indexOf(':');
    if (colon <= 0) return undefined;
    return { connectionId: text.slice(0, colon), user: text.slice(colon + 1) };
  }

  rotate(): void {
    this.secret = randomBytes(16);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }
}

export function newConnectionId(): string {
  return randomUUID();
}

/** Message ids look like a real server's (`d-<hex>-B,<n>`); only the number matters. */
export function formatCursor(prefix: string, seq: number): string {
  return `d-${prefix}-B,${seq}`;
}

export function parseCursor(messageId: string | undefined): number | undefined {
  const match = messageId ? /B,(\d+)/.exec(messageId) : null;
  return match ? Number(match[1]) : undefined;
}

const PROTOCOLS = ['1.2', '1.3', '1.4', '1.5'];

/** ProtocolResolver: the client's version clamped to what this server supports (min 1.2). */
export function resolveProtocol(clientProtocol: string | undefined, serverMax: string): string {
  const max = PROTOCOLS.indexOf(serverMax) >= 0 ? serverMax : '1.5';
  if (!clientProtocol || PROTOCOLS.indexOf(clientProtocol) < 0) {
    const asNumber = Number(clientProtocol);
    if (Number.isFinite(asNumber) && asNumber > Number(max)) return max;
    return '1.2';
  }
  return PROTOCOLS.indexOf(clientProtocol) > PROTOCOLS.indexOf(max) ? max : clientProtocol;
}

/** The hub names in connectionData (`[{"name":"randerhub"}]`), or undefined when it is malformed. */
export function hubNamesOf(connectionData: string | undefined): string[] | undefined {
  if (connectionData === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(connectionData);
    if (!Array.isArray(parsed)) return undefined;
    return parsed.map((entry) => (entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : ''));
  } catch {
    return undefined;
  }
}

/** A client→server hub invocation `{"H","M","A","I"}`, or undefined. */
export function parseInvocation(text: string): { hub: string; method: string; args: unknown[]; id: string } | undefined {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (!parsed || typeof parsed !== 'object') return undefined;
    const { H, M, A, I } = parsed;
    if (typeof H !== 'string' || typeof M !== 'string' || (I !== undefined && typeof I !== 'string' && typeof I !== 'number')) return undefined;
    return { hub: H, method: M, args: Array.isArray(A) ? A : [], id: I === undefined ? '' : String(I) };
  } catch {
    return undefined;
  }
}

/** The hex group in cursors, per simulator instance. */
export function cursorPrefix(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}
