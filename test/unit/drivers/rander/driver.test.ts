// The driver with a fake fetch: failures the simulator cannot easily produce, the sentences and
// their catalogue (messages.json, merged into the locales by the lead).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randerSettingsSchema } from '../../../../src/core/settings.ts';
import type { DriverEvent, DriverIO, WebSocketLike } from '../../../../src/drivers/contract.ts';
import { sleep } from '../../../../src/drivers/index.ts';
import {
  createRanderDriver,
  describeProblem,
  diagnosisOutcomeOf,
  connectionStateOf,
  dialDigits,
  RANDER_CAPABILITIES,
  type RanderProblem,
} from '../../../../src/drivers/rander/driver.ts';
import messages from '../../../../src/drivers/rander/messages.json';
import { Waiters } from '../../../sim/shared/waiters.ts';

const settings = randerSettingsSchema.parse({ address: 'http://rander.local:5005', username: 'admin', password: '1234', extension: '103' });

function systemError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

type Responder = (url: string, init?: RequestInit) => Response | Promise<Response>;

function fakeIO(respond: Responder, extra: Partial<DriverIO> = {}): DriverIO & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (input, init) => {
      const url = String(input);
      urls.push(url);
      return respond(url, init);
    },
    now: () => Date.now(),
    sleep,
    ...extra,
  };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const token = () => json(200, { access_token: 'AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA', token_type: 'bearer', expires_in: 1199 });

describe('Test connection without a server to match', () => {
  it.each([
    ['ECONNREFUSED', 'refused', 'rdRefused'],
    ['ENOTFOUND', 'unreachable', 'rdUnreachable'],
    ['EHOSTUNREACH', 'unreachable', 'rdUnreachable'],
    ['CERT_HAS_EXPIRED', 'untrusted-certificate', 'rdCertificate'],
  ] as const)('%s → %s', async (code, outcome, key) => {
    const driver = createRanderDriver({ settings, io: fakeIO(() => Promise.reject(systemError(code))) });
    expect(await driver.diagnose()).toEqual({ outcome, messages: [expect.objectContaining({ key })] });
  });

  it('a server with no login at all is "not RanderWEB"', async () => {
    const io = fakeIO(() => new Response('<html><title>IIS Windows Server</title></html>', { status: 404 }));
    const result = await createRanderDriver({ settings, io }).diagnose();
    expect(result).toEqual({ outcome: 'not-cti', messages: [{ key: 'rdLoginNotFound', subs: ['rander.local:5005'] }] });
    expect(io.urls).toEqual(['http://rander.local:5005/token', 'http://rander.local:5005/api/rander/login/admin/1234']);
  });

  it('a web page instead of a token is "not RanderWEB", with what it said', async () => {
    const io = fakeIO(() => new Response('<!DOCTYPE html><html><head><title>Router login</title></head></html>', { status: 200 }));
    expect(await createRanderDriver({ settings, io }).diagnose()).toEqual({
      outcome: 'not-cti',
      messages: [{ key: 'rdNotRander', subs: ['rander.local:5005', 'Router login'] }],
    });
  });

  it('a hub that refuses even a fresh token: auth-rejected, after exactly one new login', async () => {
    let logins = 0;
    const io = fakeIO((url) => {
      if (url.endsWith('/token')) return (logins++, token());
      if (url.includes('/api/rander/openline/')) return json(200, 'OK');
      return new Response('', { status: 401 });
    });
    const result = await createRanderDriver({ settings, io }).diagnose();
    expect(result).toEqual({ outcome: 'auth-rejected', messages: [{ key: 'rdHubUnauthorized', subs: ['rander.local:5005', 'admin'] }] });
    expect(logins).toBe(2);
  });

  it('a server without /signalr: not enabled', async () => {
    const io = fakeIO((url) => (url.endsWith('/token') ? token() : url.includes('/openline/') ? json(200, true) : new Response('', { status: 404 })));
    expect(await createRanderDriver({ settings, io }).diagnose()).toEqual({
      outcome: 'not-enabled',
      messages: [{ key: 'rdSignalrNotFound', subs: ['rander.local:5005'] }],
    });
  });
});

describe('watching', () => {
  it('without a WebSocket in this context it says so instead of looping', async () => {
    const driver = createRanderDriver({ settings, io: fakeIO(() => token()) });
    const events: DriverEvent[] = [];
    await driver.watch(new AbortController().signal, (e) => events.push(e), []);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: { state: 'misconfigured', reason: { key: 'rdNoWebSocketApi' } } });
  });

  it('a hub that refuses a fresh token stops the watcher after one new login', async () => {
    let logins = 0;
    const io = fakeIO((url) => (url.endsWith('/token') ? (logins++, token()) : new Response('', { status: 401 })), {
      openWebSocket: () => {
        throw new Error('no socket expected');
      },
    });
    const events: DriverEvent[] = [];
    await createRanderDriver({ settings, io }).watch(new AbortController().signal, (e) => events.push(e), []);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: { state: 'auth-failed', reason: { key: 'rdHubUnauthorized' } } });
    expect(logins).toBe(2);
  });
});

/** A WebSocket that either opens (and behaves like a SignalR 2 server) or fails, as scripted. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly protocol = '';
  private readonly listeners = new Map<string, ((event: { data?: unknown }) => void)[]>();
  constructor(
    readonly url: string,
    succeed: boolean,
    private readonly changed: () => void = () => undefined,
  ) {
    setTimeout(() => {
      if (!succeed) return this.fire('error'), this.fire('close');
      this.readyState = 1;
      this.fire('open');
      if (url.includes('/connect?')) this.fire('message', '{"C":"d-1-B,0","S":1,"M":[]}');
    }, 0);
  }
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** The subscription was answered: the driver is online on this socket. */
  replied = false;
  send(data: string): void {
    const { I } = JSON.parse(data) as { I: string };
    setTimeout(() => {
      this.fire('message', JSON.stringify({ I }));
      this.replied = true;
      this.changed();
    }, 0);
  }
  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.fire('close'), 0);
  }
  private fire(type: string, data?: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

describe('resuming after a drop', () => {
  it('when neither /reconnect nor a new connection works, the next attempt starts afresh (never resumes a stopped one)', async () => {
    const negotiation = { Url: '/signalr', ConnectionToken: 'ct', ConnectionId: 'id', KeepAliveTimeout: null, DisconnectTimeout: 30, TryWebSockets: true, ProtocolVersion: '1.5' };
    // connect ok · reconnect fails · connect fails · connect ok
    const script = [true, false, false, true];
    const sockets: FakeSocket[] = [];
    const io = fakeIO(
      (url) => {
        if (url.endsWith('/token')) return token();
        if (url.includes('/signalr/negotiate')) return json(200, negotiation);
        if (url.includes('/signalr/start')) return json(200, { Response: 'started' });
        return new Response('', { status: 200 });
      },
      {
        openWebSocket: (url) => {
          const socket = new FakeSocket(url, script.shift() ?? false);
          sockets.push(socket);
          return socket;
        },
        sleep: () => new Promise((resolve) => setTimeout(resolve, 0)),
      },
    );
    const driver = createRanderDriver({ settings, io });
    const events: DriverEvent[] = [];
    const waiters = new Waiters();
    const controller = new AbortController();
    const done = driver.watch(controller.signal, (e) => (events.push(e), waiters.check()), []);
    const onlineCount = () => events.filter((e) => e.type === 'status' && e.status.state === 'online').length;
    await waiters.waitFor(() => onlineCount() === 1, 2000, () => JSON.stringify(events));
    sockets[0]!.close();
    await waiters.waitFor(() => onlineCount() === 2, 2000, () => JSON.stringify(events));
    controller.abort();
    await done;
    expect(sockets.map((s) => new URL(s.url).pathname)).toEqual(['/signalr/connect', '/signalr/reconnect', '/signalr/connect', '/signalr/connect']);
    expect(events.some((e) => e.type === 'status' && e.status.reason?.key === 'errCancelled')).toBe(false);
  });
});

describe('a server that keeps dropping the connection', () => {
  it('resumes the first drop at once, then backs off 1 s, 2 s… instead of hammering it', async () => {
    const negotiation = { Url: '/signalr', ConnectionToken: 'ct', ConnectionId: 'id', KeepAliveTimeout: null, DisconnectTimeout: 30, TryWebSockets: true, ProtocolVersion: '1.5' };
    const sockets: FakeSocket[] = [];
    const pauses: number[] = [];
    const waiters = new Waiters();
    const io = fakeIO(
      (url) => (url.endsWith('/token') ? token() : url.includes('/negotiate') ? json(200, negotiation) : json(200, { Response: 'started' })),
      {
        openWebSocket: (url) => {
          const socket = new FakeSocket(url, true, () => waiters.check());
          sockets.push(socket);
          return socket;
        },
        sleep: (ms) => (pauses.push(ms), new Promise((resolve) => setTimeout(resolve, 0))),
      },
    );
    const events: DriverEvent[] = [];
    const controller = new AbortController();
    const done = createRanderDriver({ settings, io }).watch(controller.signal, (e) => events.push(e), []);
    // Statuses are only reported when they change, so "online again" is seen on the sockets.
    const subscribedOn = () => sockets.filter((s) => s.replied).length;
    const until = (n: number) => waiters.waitFor(() => subscribedOn() >= n, 2000, () => `${subscribedOn()} sockets subscribed`);
    for (let drop = 1; drop <= 3; drop++) {
      await until(drop);
      sockets.at(-1)!.close();
    }
    await until(4);
    controller.abort();
    await done;
    expect(pauses).toEqual([1000, 2000]);
  });
});

describe('sentences', () => {
  const problems: RanderProblem[] = [
    { kind: 'timeout' },
    { kind: 'unreachable' },
    { kind: 'refused' },
    { kind: 'untrusted-certificate' },
    { kind: 'network' },
    { kind: 'aborted' },
    { kind: 'login-rejected', detail: 'x' },
    { kind: 'login-not-found' },
    { kind: 'login-unexpected', detail: 'x' },
    { kind: 'unexpected', detail: 'x' },
    { kind: 'http-error', status: 500 },
    { kind: 'http-error', status: 400, detail: 'Protocol error' },
    { kind: 'token-rejected' },
    { kind: 'command-refused', detail: 'x' },
    { kind: 'not-found', path: '/api/rander/answer' },
    { kind: 'not-found' },
    { kind: 'not-supported' },
    { kind: 'unauthorized', status: 401 },
    { kind: 'hub-unknown', detail: 'x' },
    { kind: 'protocol', serverVersion: '1.3' },
    { kind: 'no-websockets' },
    { kind: 'no-websocket-api' },
    { kind: 'socket-failed' },
    { kind: 'init-timeout' },
    { kind: 'start-failed', status: 500, detail: '' },
    { kind: 'subscribe-failed', detail: 'x' },
    { kind: 'subscribe-no-reply' },
  ];

  it('every problem has a sentence whose substitutions fill its message exactly, in English and Russian', () => {
    for (const problem of problems) {
      const sentence = describeProblem(problem, settings);
      if (!sentence.key.startsWith('rd')) continue;
      for (const lang of ['en', 'ru'] as const) {
        const message = (messages[lang] as Record<string, string>)[sentence.key];
        expect(message, `${lang} ${sentence.key}`).toBeTypeOf('string');
        const highest = Math.max(0, ...[...message!.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
        expect(sentence.subs?.length ?? 0, `${lang} ${sentence.key}`).toBe(highest);
      }
    }
  });

  it('timeouts and refusals are told apart for Test connection and the status', () => {
    expect(describeProblem({ kind: 'timeout' }, settings)).toEqual({ key: 'rdTimeout', subs: ['rander.local:5005'] });
    expect(diagnosisOutcomeOf({ kind: 'timeout' })).toBe('timeout');
    expect(diagnosisOutcomeOf({ kind: 'network' })).toBe('refused');
    expect(connectionStateOf({ kind: 'login-rejected', detail: '' })).toBe('auth-failed');
    expect(connectionStateOf({ kind: 'socket-failed' })).toBe('unreachable');
    expect(connectionStateOf({ kind: 'hub-unknown', detail: '' })).toBe('misconfigured');
    expect(describeProblem({ kind: 'protocol', serverVersion: '1.3' }, settings)).toEqual({ key: 'rdProtocolMismatch', subs: ['rander.local:5005', '1.3', '1.5'] });
  });

  it('the catalogue has every key the driver uses, the same keys in both languages, and no others', () => {
    const dir = join(import.meta.dirname, '../../../../src/drivers/rander');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/text\('(rd[A-Za-z]+)'/g)) used.add(m[1]!);
    }
    const en = Object.keys(messages.en).sort();
    expect(Object.keys(messages.ru).sort()).toEqual(en);
    expect([...used].sort()).toEqual(en);
    for (const key of en) {
      const placeholders = (lang: 'en' | 'ru') => [...(messages[lang] as Record<string, string>)[key]!.matchAll(/\$\d/g)].map((m) => m[0]).sort();
      expect(placeholders('ru'), key).toEqual(placeholders('en'));
    }
  });
});

describe('commands', () => {
  it('refuses an extension that cannot be a path segment, without sending it', async () => {
    const io = fakeIO((url) => (url.endsWith('/token') ? token() : json(200, 'OK')));
    const driver = createRanderDriver({ settings: { ...settings, extension: '..' }, io });
    expect(await driver.dial('107')).toEqual({ ok: false, error: { key: 'rdBadValue', subs: ['..'] } });
    expect(io.urls).toEqual(['http://rander.local:5005/token']);
  });
});

describe('small rules', () => {
  it('dials only what a PBX can dial', () => {
    expect(dialDigits('+7 (495) 123-45-67')).toBe('+74951234567');
    expect(dialDigits('*21#')).toBe('*21#');
    expect(dialDigits('8+800')).toBe('8800');
    expect(dialDigits('call me')).toBe('');
  });

  it('offers dial, answer, reject, hang up and monitoring — not hold', () => {
    expect([...RANDER_CAPABILITIES].sort()).toEqual(['answer', 'dial', 'hangup', 'monitor', 'reject']);
  });
});
