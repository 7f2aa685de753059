import { describe, expect, it } from 'vitest';
import { ErrorCode, STREAM_INPUTS, STREAM_STATES, STREAM_TABLE, transition, type StreamState } from '../src/index.js';

const C = ErrorCode;
/** Expected cell per (state, input): a state, or `conn:CODE`, `stream:CODE`, `ignore`, `local`. */
const EXPECTED: Record<StreamState, string[]> = {
  //                     RECV: HEADERS, DATA, END_STREAM, PRIORITY, RST_STREAM, WINDOW_UPDATE, PUSH_PROMISE
  //                     SEND: HEADERS, DATA, END_STREAM, PRIORITY, RST_STREAM, WINDOW_UPDATE, PUSH_PROMISE
  IDLE: [
    'OPEN', `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`, 'IDLE', `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`,
    'OPEN', 'local', 'local', 'IDLE', 'CLOSED_RESET_SENT', 'local', 'RESERVED_LOCAL',
  ],
  RESERVED_LOCAL: [
    `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`, 'RESERVED_LOCAL', 'CLOSED_RESET_RECEIVED', 'RESERVED_LOCAL', `conn:${C.PROTOCOL_ERROR}`,
    'HALF_CLOSED_REMOTE', 'local', 'local', 'RESERVED_LOCAL', 'CLOSED_RESET_SENT', 'local', 'local',
  ],
  RESERVED_REMOTE: [
    'HALF_CLOSED_LOCAL', `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`, 'RESERVED_REMOTE', 'CLOSED_RESET_RECEIVED', `conn:${C.PROTOCOL_ERROR}`, `conn:${C.PROTOCOL_ERROR}`,
    'local', 'local', 'local', 'RESERVED_REMOTE', 'CLOSED_RESET_SENT', 'RESERVED_REMOTE', 'local',
  ],
  OPEN: [
    'OPEN', 'OPEN', 'HALF_CLOSED_REMOTE', 'OPEN', 'CLOSED_RESET_RECEIVED', 'OPEN', `conn:${C.PROTOCOL_ERROR}`,
    'OPEN', 'OPEN', 'HALF_CLOSED_LOCAL', 'OPEN', 'CLOSED_RESET_SENT', 'OPEN', 'OPEN',
  ],
  HALF_CLOSED_LOCAL: [
    'HALF_CLOSED_LOCAL', 'HALF_CLOSED_LOCAL', 'CLOSED', 'HALF_CLOSED_LOCAL', 'CLOSED_RESET_RECEIVED', 'HALF_CLOSED_LOCAL', `conn:${C.PROTOCOL_ERROR}`,
    'local', 'local', 'local', 'HALF_CLOSED_LOCAL', 'CLOSED_RESET_SENT', 'HALF_CLOSED_LOCAL', 'local',
  ],
  HALF_CLOSED_REMOTE: [
    `stream:${C.STREAM_CLOSED}`, `stream:${C.STREAM_CLOSED}`, `stream:${C.STREAM_CLOSED}`, 'HALF_CLOSED_REMOTE', 'CLOSED_RESET_RECEIVED', 'HALF_CLOSED_REMOTE', `conn:${C.PROTOCOL_ERROR}`,
    'HALF_CLOSED_REMOTE', 'HALF_CLOSED_REMOTE', 'CLOSED', 'HALF_CLOSED_REMOTE', 'CLOSED_RESET_SENT', 'HALF_CLOSED_REMOTE', 'HALF_CLOSED_REMOTE',
  ],
  CLOSED: [
    `conn:${C.STREAM_CLOSED}`, `conn:${C.STREAM_CLOSED}`, `conn:${C.STREAM_CLOSED}`, 'CLOSED', 'ignore', 'ignore', `conn:${C.PROTOCOL_ERROR}`,
    'local', 'local', 'local', 'CLOSED', 'local', 'local', 'local',
  ],
  CLOSED_RESET_SENT: [
    'ignore', 'ignore', 'ignore', 'CLOSED_RESET_SENT', 'ignore', 'ignore', `conn:${C.PROTOCOL_ERROR}`,
    'local', 'local', 'local', 'CLOSED_RESET_SENT', 'local', 'local', 'local',
  ],
  CLOSED_RESET_RECEIVED: [
    `stream:${C.STREAM_CLOSED}`, `stream:${C.STREAM_CLOSED}`, `stream:${C.STREAM_CLOSED}`, 'CLOSED_RESET_RECEIVED', 'ignore', `stream:${C.STREAM_CLOSED}`, `conn:${C.PROTOCOL_ERROR}`,
    'local', 'local', 'local', 'CLOSED_RESET_RECEIVED', 'local', 'local', 'local',
  ],
};

function summarize(state: StreamState, input: (typeof STREAM_INPUTS)[number]): string {
  const cell = transition(state, input);
  if (typeof cell === 'string') return cell;
  switch (cell.fault) {
    case 'CONNECTION':
      return `conn:${cell.code}`;
    case 'STREAM':
      return `stream:${cell.code}`;
    case 'IGNORE':
      return 'ignore';
    case 'LOCAL':
      return 'local';
  }
}

describe('stream state table (RFC 9113 §5.1)', () => {
  it('has a cell for every (state, input) pair and nothing else', () => {
    expect(Object.keys(STREAM_TABLE).sort()).toEqual([...STREAM_STATES].sort());
    for (const s of STREAM_STATES) expect(Object.keys(STREAM_TABLE[s]).sort()).toEqual([...STREAM_INPUTS].sort());
  });

  for (const state of STREAM_STATES) {
    for (const [i, input] of STREAM_INPUTS.entries()) {
      it(`${state} × ${input} -> ${EXPECTED[state][i]}`, () => {
        const got = summarize(state, input);
        expect(got).toBe(EXPECTED[state][i]);
        // A next state is a real state; a fault has a rule citing the RFC.
        const cell = transition(state, input);
        if (typeof cell === 'string') expect(STREAM_STATES).toContain(cell);
        else expect(cell.rule).toMatch(/§\d/);
      });
    }
  }

  it('RECV_* cells never say "local" and SEND_* cells never name a peer error', () => {
    for (const s of STREAM_STATES) {
      for (const input of STREAM_INPUTS) {
        const cell = transition(s, input);
        if (typeof cell === 'string') continue;
        if (input.startsWith('RECV_')) expect(cell.fault).not.toBe('LOCAL');
        else expect(cell.fault).toBe('LOCAL');
      }
    }
  });

  it('a closed state is only left by... nothing: closed states map to closed states or faults', () => {
    for (const s of ['CLOSED', 'CLOSED_RESET_SENT', 'CLOSED_RESET_RECEIVED'] as const) {
      for (const input of STREAM_INPUTS) {
        const cell = transition(s, input);
        if (typeof cell === 'string') expect(cell).toBe(s);
      }
    }
  });
});
