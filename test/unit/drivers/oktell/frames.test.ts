// The WebSocket wire format: frames, reply errors, multipart (protocols.md §3.3).
import { describe, expect, it } from 'vitest';
import { encodeFrame, MultipartAssembler, parseFrame, replyError } from '../../../../src/drivers/oktell/frames.ts';

function parts(text: string, size: number, id = 'm1'): Record<string, unknown>[] {
  const bytes = Buffer.from(text, 'utf8');
  const count = Math.ceil(bytes.length / size);
  return Array.from({ length: count }, (_, n) => ({
    'message-id': id,
    packetcount: count,
    packetnumber: n,
    content: bytes.subarray(n * size, (n + 1) * size).toString('base64'),
  }));
}

describe('frames', () => {
  it('are [method, params] JSON both ways', () => {
    expect(encodeFrame('ping', { qid: '1' })).toBe('["ping",{"qid":"1"}]');
    expect(parseFrame('["phoneevent_ringstarted",{"chainid":"x"}]')).toEqual({ ok: true, frame: { method: 'phoneevent_ringstarted', params: { chainid: 'x' } } });
    expect(parseFrame('["pong"]')).toEqual({ ok: true, frame: { method: 'pong', params: {} } });
    expect(parseFrame('["pong",null]')).toEqual({ ok: true, frame: { method: 'pong', params: {} } });
  });

  it('report anything else as a problem, never throwing', () => {
    for (const raw of ['not json', '{"a":1}', '[]', '[1,{}]', '["x","y"]', '["x",[1]]']) expect(parseFrame(raw).ok).toBe(false);
    expect(parseFrame(new Uint8Array([1, 2]))).toEqual({ ok: false, problem: 'a binary frame' });
  });
});

describe('reply errors', () => {
  it('treat a missing result as success, as oktell.js does', () => {
    expect(replyError({ qid: '1' })).toBeUndefined();
    expect(replyError({ result: 1, error: 0, errormsg: '' })).toBeUndefined();
  });

  it('find error codes, messages and result 0', () => {
    expect(replyError({ result: 0, error: 50093 })).toEqual({ code: 50093, message: '' });
    expect(replyError({ errormsg: 'Wrong login/pass combination' })).toEqual({ code: undefined, message: 'Wrong login/pass combination' });
    expect(replyError({ result: '0' })).toEqual({ code: undefined, message: '' });
    expect(replyError({ error: '2902' })).toEqual({ code: 2902, message: '' });
    expect(replyError({ error: 'Bad number' })).toEqual({ code: undefined, message: 'Bad number' });
  });
});

describe('multipart', () => {
  const reply = JSON.stringify(['getextendedlineinfo', { qid: 'q1', abonent: { simplename: 'ООО «Ромашка»', number: '74951234567' } }]);

  it('joins parts cut inside a UTF-8 character, in any order, into the original frame', () => {
    const assembler = new MultipartAssembler();
    const all = parts(reply, 7);
    expect(all.length).toBeGreaterThan(5);
    const shuffled = [...all.slice(1).reverse(), all[0]!];
    const steps = shuffled.map((p) => assembler.add(p));
    expect(steps.slice(0, -1).every((s) => s.kind === 'partial')).toBe(true);
    expect(steps.at(-1)).toEqual({ kind: 'complete', raw: reply });
  });

  it('accepts parts padded one by one, and keeps messages apart', () => {
    const assembler = new MultipartAssembler();
    const a = parts('["a",{"x":"один"}]', 5, 'A');
    const b = parts('["b",{}]', 4, 'B');
    const results = [a[0], b[0], a[1], b[1], a[2], a[3], a[4]].filter(Boolean).map((p) => assembler.add(p!));
    const complete = results.filter((r) => r.kind === 'complete').map((r) => (r.kind === 'complete' ? r.raw : ''));
    expect(complete.sort()).toEqual(['["a",{"x":"один"}]', '["b",{}]'].sort());
  });

  it('reports malformed parts', () => {
    const assembler = new MultipartAssembler();
    expect(assembler.add({ 'message-id': 'x', packetcount: 2, packetnumber: 2, content: 'QQ==' }).kind).toBe('problem');
    expect(assembler.add({ 'message-id': 'x', packetcount: 2, packetnumber: 0, content: '%%%' }).kind).toBe('problem');
    expect(assembler.add({ packetcount: 2 }).kind).toBe('problem');
  });
});
