import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { endAfterTurn } from '../src/end-batch.js';

describe('endAfterTurn', () => {
  it('ends the responses of this turn after it, in order, each with its last chunk', async () => {
    const ended: string[] = [];
    const fake = (name: string) => ({ end: (chunk: Uint8Array) => ended.push(`${name}:${Buffer.from(chunk).toString()}`) }) as unknown as ServerResponse;
    endAfterTurn(fake('a'), Buffer.from('1'));
    endAfterTurn(fake('b'), Buffer.from(''));
    await Promise.resolve();
    expect(ended).toEqual([]); // nothing within the turn
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toEqual(['a:1', 'b:']);
    endAfterTurn(fake('c'), Buffer.from('2')); // a later turn schedules its own batch
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toEqual(['a:1', 'b:', 'c:2']);
  });
});
