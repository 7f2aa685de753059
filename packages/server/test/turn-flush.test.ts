import { describe, expect, it } from 'vitest';
import { flushAfterTurn } from '../src/protocol/turn-flush.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('flushAfterTurn', () => {
  it('flushes every holder of this turn after the turn, in order, and a later turn on its own', async () => {
    const flushed: string[] = [];
    const holder = (name: string) => ({ flushHeld: () => flushed.push(name) });
    flushAfterTurn(holder('a'));
    flushAfterTurn(holder('b'));
    await Promise.resolve();
    expect(flushed).toEqual([]); // nothing within the turn, microtasks included
    await nextTurn();
    expect(flushed).toEqual(['a', 'b']);
    flushAfterTurn(holder('c'));
    await nextTurn();
    expect(flushed).toEqual(['a', 'b', 'c']);
  });

  it('a holder that holds again while being flushed is flushed at the end of the next turn', async () => {
    const flushed: string[] = [];
    let again = true;
    const h = {
      flushHeld: () => {
        flushed.push('h');
        if (again) {
          again = false;
          flushAfterTurn(h);
        }
      },
    };
    flushAfterTurn(h);
    await nextTurn();
    expect(flushed).toEqual(['h']);
    await nextTurn();
    expect(flushed).toEqual(['h', 'h']);
  });
});
