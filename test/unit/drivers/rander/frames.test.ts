import { describe, expect, it } from 'vitest';
import {
  ajaxUrl,
  connectionData,
  invocationFrame,
  isStartedReply,
  negotiateUrl,
  parseServerFrame,
  readNegotiateReply,
  transportUrl,
  type ConnectionState,
} from '../../../../src/drivers/rander/frames.ts';

const target = { origin: 'http://rander.local:5005', hub: 'RanderHub' };
const DATA = encodeURIComponent('[{"name":"randerhub"}]');
const state: ConnectionState = {
  path: '/signalr',
  protocol: '1.5',
  connectionToken: 'abc/def+g==',
  messageId: 'd-5D1C-B,12|C,0',
  groupsToken: undefined,
};

describe('SignalR URLs (jQuery client 2.2 order)', () => {
  it('negotiate: clientProtocol, the token, connectionData with the hub lower-cased', () => {
    expect(connectionData('RanderHub')).toBe('[{"name":"randerhub"}]');
    expect(negotiateUrl(target, 'AQ+A/=')).toBe(`http://rander.local:5005/signalr/negotiate?clientProtocol=1.5&token=AQ%2BA%2F%3D&connectionData=${DATA}`);
  });

  it('connect over ws://, reconnect with the last messageId; tokens encoded', () => {
    expect(transportUrl('connect', target, 'T', state, 3)).toBe(
      `ws://rander.local:5005/signalr/connect?transport=webSockets&clientProtocol=1.5&token=T&connectionToken=abc%2Fdef%2Bg%3D%3D&connectionData=${DATA}&tid=3`,
    );
    expect(transportUrl('reconnect', target, 'T', { ...state, groupsToken: 'g1' }, 10)).toBe(
      `ws://rander.local:5005/signalr/reconnect?transport=webSockets&groupsToken=g1&messageId=d-5D1C-B%2C12%7CC%2C0&clientProtocol=1.5&token=T&connectionToken=abc%2Fdef%2Bg%3D%3D&connectionData=${DATA}&tid=10`,
    );
  });

  it('uses wss:// for an https origin and keeps tid within 0..10', () => {
    const url = transportUrl('connect', { ...target, origin: 'https://rander.local:5005' }, 'T', state, 42);
    expect(url.startsWith('wss://rander.local:5005/signalr/connect?')).toBe(true);
    expect(url.endsWith('&tid=10')).toBe(true);
  });

  it('start and abort carry the transport and the connection token, no messageId or tid', () => {
    expect(ajaxUrl('start', target, 'T', state)).toBe(
      `http://rander.local:5005/signalr/start?transport=webSockets&clientProtocol=1.5&token=T&connectionToken=abc%2Fdef%2Bg%3D%3D&connectionData=${DATA}`,
    );
    expect(ajaxUrl('abort', target, 'T', { ...state, protocol: '1.4' })).toContain('/signalr/abort?transport=webSockets&clientProtocol=1.4&');
  });

  it('an invocation frame names the hub lower-cased and counts I as a string', () => {
    expect(JSON.parse(invocationFrame('RanderHub', 'SetMyExtension', ['103'], 0))).toEqual({ H: 'randerhub', M: 'SetMyExtension', A: ['103'], I: '0' });
  });
});

describe('negotiate replies', () => {
  const reply = {
    Url: '/signalr',
    ConnectionToken: 'tok',
    ConnectionId: 'b9a3…',
    KeepAliveTimeout: 20.0,
    DisconnectTimeout: 30.0,
    ConnectionTimeout: 110.0,
    TryWebSockets: true,
    ProtocolVersion: '1.5',
    TransportConnectTimeout: 5.0,
    LongPollDelay: 0.0,
  };

  it('reads a SignalR 2.2 reply', () => {
    expect(readNegotiateReply(200, JSON.stringify(reply))).toEqual({
      kind: 'ok',
      negotiation: {
        path: '/signalr',
        connectionToken: 'tok',
        connectionId: 'b9a3…',
        keepAliveTimeoutMs: 20_000,
        disconnectTimeoutMs: 30_000,
        transportConnectTimeoutMs: 5000,
        protocolVersion: '1.5',
      },
    });
  });

  it('accepts 1.4, keep-alives switched off, and ignores a Url that is not a plain path', () => {
    const read = readNegotiateReply(200, JSON.stringify({ ...reply, ProtocolVersion: '1.4', KeepAliveTimeout: null, Url: '//evil.example/x' }));
    expect(read).toMatchObject({ kind: 'ok', negotiation: { protocolVersion: '1.4', keepAliveTimeoutMs: undefined, path: '/signalr' } });
  });

  it.each([
    [401, '', { kind: 'unauthorized', status: 401 }],
    [403, '', { kind: 'unauthorized', status: 403 }],
    [404, '<html></html>', { kind: 'not-found' }],
    [500, "'phonehub' Hub could not be resolved.", { kind: 'hub-unknown', detail: "'phonehub' Hub could not be resolved." }],
    [400, 'Protocol error: Unknown transport.', { kind: 'http-error', status: 400, detail: 'Protocol error: Unknown transport.' }],
    [200, 'not json', { kind: 'unexpected', detail: 'not json' }],
    [200, '{"Url":"/signalr"}', { kind: 'unexpected', detail: '{"Url":"/signalr"}' }],
  ] as const)('HTTP %i %s', (status, body, expected) => {
    expect(readNegotiateReply(status, body)).toEqual(expected);
  });

  it('refuses an older protocol and a server without WebSockets', () => {
    expect(readNegotiateReply(200, JSON.stringify({ ...reply, ProtocolVersion: '1.3', TransportConnectTimeout: undefined }))).toEqual({ kind: 'protocol', serverVersion: '1.3' });
    expect(readNegotiateReply(200, JSON.stringify({ ...reply, TryWebSockets: false }))).toEqual({ kind: 'no-websockets' });
  });

  it('start succeeds only with {"Response":"started"}', () => {
    expect(isStartedReply(200, '{"Response":"started"}')).toBe(true);
    expect(isStartedReply(200, '{"Response":"pong"}')).toBe(false);
    expect(isStartedReply(400, '{"Response":"started"}')).toBe(false);
    expect(isStartedReply(200, 'started')).toBe(false);
  });
});

describe('server frames', () => {
  it('{} is a keep-alive', () => {
    expect(parseServerFrame('{}')).toEqual({ kind: 'keep-alive' });
  });

  it('the init frame carries S and the first cursor', () => {
    expect(parseServerFrame('{"C":"d-5D1C2A3B-B,0|C,1","S":1,"M":[]}')).toEqual({
      kind: 'persistent',
      messageId: 'd-5D1C2A3B-B,0|C,1',
      initialized: true,
      shouldReconnect: false,
      disconnect: false,
      groupsToken: undefined,
      messages: [],
      replies: [],
      skipped: 0,
    });
  });

  it('a persistent response: hub messages, groups token, cursor; other entries are counted, not fatal', () => {
    const frame = parseServerFrame(
      JSON.stringify({
        C: 'd-1-B,5',
        G: 'groups',
        M: [{ H: 'RanderHub', M: 'lineStateChanged', A: [{ Line: '103', State: 'OFFERING' }] }, { H: 'RanderHub', M: 'ping' }, 'garbage', { I: '3', R: 1 }],
      }),
    );
    expect(frame).toMatchObject({
      kind: 'persistent',
      messageId: 'd-1-B,5',
      groupsToken: 'groups',
      initialized: false,
      messages: [
        { hub: 'RanderHub', method: 'lineStateChanged', args: [{ Line: '103', State: 'OFFERING' }] },
        { hub: 'RanderHub', method: 'ping', args: [] },
      ],
      replies: [{ kind: 'result', id: '3', result: 1 }],
      skipped: 1,
    });
  });

  it('T asks for a reconnect, D for a disconnect; a numeric cursor is read as text', () => {
    expect(parseServerFrame('{"C":7,"T":1,"M":[]}')).toMatchObject({ messageId: '7', shouldReconnect: true, disconnect: false });
    expect(parseServerFrame('{"D":1}')).toMatchObject({ kind: 'persistent', disconnect: true });
  });

  it('invocation replies: a result, a void result, an error, progress', () => {
    expect(parseServerFrame('{"I":"0","R":{"ok":true}}')).toEqual({ kind: 'result', id: '0', result: { ok: true } });
    expect(parseServerFrame('{"I":"1"}')).toEqual({ kind: 'result', id: '1', result: undefined });
    expect(parseServerFrame('{"I":"2","E":"\'SetMyExtension\' method could not be resolved.","H":true}')).toEqual({
      kind: 'error',
      id: '2',
      error: "'SetMyExtension' method could not be resolved.",
      hubException: true,
    });
    expect(parseServerFrame('{"I":"P|3","P":{"I":"3","D":50}}')).toEqual({ kind: 'progress', id: '3' });
  });

  it('anything else is invalid, never a crash', () => {
    for (const text of ['', 'data: initialized', '[1,2]', 'null', '{"I":{}}', '{"M":"x"}']) {
      expect(parseServerFrame(text).kind, text).toBe('invalid');
    }
  });
});
