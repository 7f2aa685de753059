import { Writable } from 'node:stream';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { corkForTurn, uncorkNow } from '../src/protocol/turn-cork.js';

/** A writable that records each write call it gets (writev counts as one). */
function recorder(): { socket: Socket; writes: string[] } {
  const writes: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString());
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map((c) => String(c.chunk)).join(''));
      done();
    },
  });
  return { socket: w as unknown as Socket, writes };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('corkForTurn', () => {
  it('holds the writes of this turn and lets them go together after it, for every socket corked', async () => {
    const a = recorder();
    const b = recorder();
    corkForTurn(a.socket);
    a.socket.write('one ');
    corkForTurn(b.socket);
    b.socket.write('x');
    corkForTurn(a.socket); // a second call in the same turn adds no second cork
    a.socket.write('two');
    await Promise.resolve();
    expect(a.writes).toEqual([]);
    expect(b.writes).toEqual([]);
    await nextTurn();
    expect(a.writes).toEqual(['one two']);
    expect(b.writes).toEqual(['x']);
    expect(a.socket.writableCorked).toBe(0);
  });

  it('uncorkNow writes at once what the socket holds, and the end of the turn then finds nothing to do', async () => {
    const a = recorder();
    corkForTurn(a.socket);
    a.socket.write('held');
    uncorkNow(a.socket);
    expect(a.writes).toEqual(['held']);
    await nextTurn();
    expect(a.writes).toEqual(['held']);
    expect(a.socket.writableCorked).toBe(0);
  });

  it('leaves a socket alone that its caller corked itself', async () => {
    const a = recorder();
    a.socket.cork();
    corkForTurn(a.socket);
    a.socket.write('mine');
    await nextTurn();
    expect(a.writes).toEqual([]); // still the caller's cork
    a.socket.uncork();
    expect(a.writes).toEqual(['mine']);
  });
});
