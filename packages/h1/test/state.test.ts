import { describe, expect, it } from 'vitest';
import { TRANSITIONS, type H1State, type H1Transition } from '../src/index.js';
import { transition } from '../src/state.js';
import { H1LocalProtocolError } from '../src/errors.js';

const STATES: H1State[] = ['IDLE', 'SEND_BODY', 'DONE', 'MUST_CLOSE', 'CLOSED', 'ERROR'];
const EVENTS: H1Transition[] = ['HEAD', 'END_OF_MESSAGE', 'MUST_CLOSE', 'START_NEXT_CYCLE', 'CONNECTION_CLOSED', 'ERROR'];

describe('transition()', () => {
  it('makes exactly the moves of the TRANSITIONS table', () => {
    for (const from of STATES) {
      for (const event of EVENTS) {
        const next = (TRANSITIONS[from] as Partial<Record<H1Transition, H1State>>)[event];
        if (next === undefined) expect(() => transition(from, event)).toThrow(H1LocalProtocolError);
        else expect(transition(from, event)).toBe(next);
      }
    }
  });
});
