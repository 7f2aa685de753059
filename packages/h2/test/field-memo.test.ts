import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../src/index.js';
import { FieldMemo } from '../src/field-memo.js';
import { Client, request } from './helpers/frame-factory.js';

describe('FieldMemo: fields that passed the §8.2 checks are not scanned again, nothing else is skipped', () => {
  it('remembers only what was added, the last 16, values up to 256 octets', () => {
    const memo = new FieldMemo();
    memo.add('x', 'a');
    expect(memo.has('x', 'a')).toBe(true);
    expect(memo.has('x', 'a\r\n')).toBe(false);
    expect(memo.has('y', 'a')).toBe(false);
    for (let i = 0; i < 16; i++) memo.add(`n${i}`, 'v');
    expect(memo.has('x', 'a')).toBe(false); // the oldest went
    memo.add('long', 'v'.repeat(257));
    expect(memo.has('long', 'v'.repeat(257))).toBe(false);
  });

  it('a request field valid on one stream does not let a different value through on the next', () => {
    const c = Client.ready();
    const ok = c.send(c.ff.headers(1, request('GET', '/', [['x', 'a']]), { endStream: true }));
    expect(ok).toEqual([expect.objectContaining({ type: 'request', streamId: 1, headers: [['x', 'a']] })]);
    const again = c.send(c.ff.headers(3, request('GET', '/', [['x', 'a']]), { endStream: true }));
    expect(again).toEqual([expect.objectContaining({ type: 'request', streamId: 3, headers: [['x', 'a']] })]);
    const bad = c.send(c.ff.headers(5, request('GET', '/', [['x', ' a']]), { endStream: true }));
    expect(bad).toEqual([expect.objectContaining({ type: 'stream-error', streamId: 5, errorCode: ErrorCode.PROTOCOL_ERROR })]);
  });

  it('a response field valid once is still checked when its value changes', () => {
    const c = Client.ready();
    c.send(c.ff.headers(1, request(), { endStream: true }), c.ff.headers(3, request(), { endStream: true }));
    c.conn.sendHeaders(1, [[':status', '200'], ['x', 'a']], true);
    expect(() => c.conn.sendHeaders(3, [[':status', '200'], ['x', 'a\r\nb']], true)).toThrow(
      expect.objectContaining({ code: 'H2_LOCAL_INVALID_HEADER' }),
    );
    c.conn.sendHeaders(3, [[':status', '200'], ['x', 'a']], true);
  });

  it('a connection makes its memos at its second field block in each direction (idle memory), then uses them', () => {
    const has = vi.spyOn(FieldMemo.prototype, 'has');
    const add = vi.spyOn(FieldMemo.prototype, 'add');
    try {
      const c = Client.ready();
      c.send(c.ff.headers(1, request('GET', '/', [['x', 'a']]), { endStream: true }));
      c.conn.sendHeaders(1, [[':status', '200'], ['y', 'b']], true);
      expect(has).not.toHaveBeenCalled(); // one request and its response: no memo made
      expect(add).not.toHaveBeenCalled();
      c.send(c.ff.headers(3, request('GET', '/', [['x', 'a']]), { endStream: true }));
      c.conn.sendHeaders(3, [[':status', '200'], ['y', 'b']], true);
      expect(add).toHaveBeenCalledWith('x', 'a');
      expect(add).toHaveBeenCalledWith('y', 'b');
      has.mockClear();
      c.send(c.ff.headers(5, request('GET', '/', [['x', 'a']]), { endStream: true }));
      expect(has).toHaveReturnedWith(true); // the third request's field is a hit
    } finally {
      has.mockRestore();
      add.mockRestore();
    }
  });
});
