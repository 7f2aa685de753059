/**
 * @module state
 * The connection state machine, h11 style: one state per side.
 *
 * Theory of operation. An HTTP/1.1 connection is a sequence of cycles; in each, the client sends one request and
 * the server one response. Each side's progress through its own message is tracked separately: `theirState` for
 * the message we receive, `ourState` for the message we send.
 *
 *   IDLE ──HEAD──▶ SEND_BODY ──END_OF_MESSAGE──▶ DONE ──START_NEXT_CYCLE──▶ IDLE
 *                                                   └──MUST_CLOSE──▶ MUST_CLOSE ──CONNECTION_CLOSED──▶ CLOSED
 *
 * - Every message passes SEND_BODY, even one without a body: the reader then reports end-of-message at once, and
 *   the writer's writeEnd() is still the call that completes the message.
 * - When keep-alive is off (either side said `connection: close`, HTTP/1.0 without keep-alive, a close-delimited
 *   body, an error), a side reaching DONE moves on to MUST_CLOSE: no further cycle is possible.
 * - START_NEXT_CYCLE is only allowed when BOTH sides are DONE (and keep-alive holds): that is what makes pipelining
 *   safe. Bytes of a next request that arrive early stay buffered; the reader reports PAUSED until then.
 * - EOF from the peer at a message boundary moves their side to CLOSED; anywhere else it is an error.
 * - Any protocol error moves the offending side to ERROR, which has no way out.
 *
 * Transitions are data ({@link TRANSITIONS}); {@link transition} throws H1LocalProtocolError on an illegal one.
 */
import { H1LocalProtocolError } from './errors.js';

/** State of one side of the connection. */
export type H1State = 'IDLE' | 'SEND_BODY' | 'DONE' | 'MUST_CLOSE' | 'CLOSED' | 'ERROR';

/** Events that move one side's state. */
export type H1Transition =
  | 'HEAD'
  | 'END_OF_MESSAGE'
  | 'MUST_CLOSE'
  | 'START_NEXT_CYCLE'
  | 'CONNECTION_CLOSED'
  | 'ERROR';

/**
 * The transition table: `TRANSITIONS[state][event]` is the next state; a missing entry is an illegal move.
 *
 * @prop __type.IDLE No part of this side's message yet (the start of every cycle).
 * @prop __type.IDLE.__type.HEAD IDLE → SEND_BODY: the message head was read or written.
 * @prop __type.IDLE.__type.CONNECTION_CLOSED IDLE → CLOSED: the connection closed at a message boundary.
 * @prop __type.IDLE.__type.ERROR IDLE → ERROR: a protocol error.
 * @prop __type.SEND_BODY The head is done; the body (possibly empty) is in progress.
 * @prop __type.SEND_BODY.__type.END_OF_MESSAGE SEND_BODY → DONE: the message is complete.
 * @prop __type.SEND_BODY.__type.ERROR SEND_BODY → ERROR: a protocol error (EOF inside a body included).
 * @prop __type.DONE This side's message is complete; the cycle ends when both sides are DONE.
 * @prop __type.DONE.__type.MUST_CLOSE DONE → MUST_CLOSE: keep-alive is off, no further cycle.
 * @prop __type.DONE.__type.START_NEXT_CYCLE DONE → IDLE: both sides DONE and keep-alive holds.
 * @prop __type.DONE.__type.CONNECTION_CLOSED DONE → CLOSED: the connection closed after a complete message.
 * @prop __type.DONE.__type.ERROR DONE → ERROR: a protocol error.
 * @prop __type.MUST_CLOSE No further cycle is possible; only closing the connection remains.
 * @prop __type.MUST_CLOSE.__type.CONNECTION_CLOSED MUST_CLOSE → CLOSED: the connection was closed.
 * @prop __type.MUST_CLOSE.__type.ERROR MUST_CLOSE → ERROR: a protocol error.
 * @prop __type.CLOSED This side of the connection is closed.
 * @prop __type.CLOSED.__type.CONNECTION_CLOSED CLOSED → CLOSED: a repeated close is harmless.
 * @prop __type.CLOSED.__type.ERROR CLOSED → ERROR: a protocol error.
 * @prop __type.ERROR A protocol error happened on this side; there is no way out.
 */
export const TRANSITIONS = {
  IDLE: { HEAD: 'SEND_BODY', CONNECTION_CLOSED: 'CLOSED', ERROR: 'ERROR' },
  SEND_BODY: { END_OF_MESSAGE: 'DONE', ERROR: 'ERROR' },
  DONE: { MUST_CLOSE: 'MUST_CLOSE', START_NEXT_CYCLE: 'IDLE', CONNECTION_CLOSED: 'CLOSED', ERROR: 'ERROR' },
  MUST_CLOSE: { CONNECTION_CLOSED: 'CLOSED', ERROR: 'ERROR' },
  CLOSED: { CONNECTION_CLOSED: 'CLOSED', ERROR: 'ERROR' },
  ERROR: {},
} as const satisfies Record<H1State, Partial<Record<H1Transition, H1State>>>;

/**
 * Next state of a side, or throws H1LocalProtocolError('H1_BAD_STATE') if `event` is illegal in `from`.
 * The same moves as {@link TRANSITIONS} (test/state.test.ts checks every pair), as a switch: the keyed lookups of
 * the table were ~2.5% of the in-process hello request path (six transitions per request).
 */
export function transition(from: H1State, event: H1Transition): H1State {
  switch (event) {
    case 'HEAD':
      if (from === 'IDLE') return 'SEND_BODY';
      break;
    case 'END_OF_MESSAGE':
      if (from === 'SEND_BODY') return 'DONE';
      break;
    case 'START_NEXT_CYCLE':
      if (from === 'DONE') return 'IDLE';
      break;
    case 'MUST_CLOSE':
      if (from === 'DONE') return 'MUST_CLOSE';
      break;
    case 'CONNECTION_CLOSED':
      if (from !== 'SEND_BODY' && from !== 'ERROR') return 'CLOSED';
      break;
    case 'ERROR':
      if (from !== 'ERROR') return 'ERROR';
      break;
  }
  throw new H1LocalProtocolError('H1_BAD_STATE', `${event} is not allowed in state ${from}`);
}

/**
 * Applies the keep-alive rule: with keep-alive off, DONE becomes MUST_CLOSE; other states are unchanged (the rule
 * is applied again whenever a side later reaches DONE).
 */
export function settle(state: H1State, keepAlive: boolean): H1State {
  return !keepAlive && state === 'DONE' ? transition(state, 'MUST_CLOSE') : state;
}

/** Returned by `nextEvent()` when more bytes (or EOF) are needed to make progress. */
export const NEED_DATA: unique symbol = Symbol('NEED_DATA');
/** Returned by `nextEvent()` when a whole message was read and the cycle must end before reading on (pipelining). */
export const PAUSED: unique symbol = Symbol('PAUSED');
