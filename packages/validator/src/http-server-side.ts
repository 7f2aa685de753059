/**
 * @module The server side of an `http` scope: the messages `receive()` yields, as a state machine (one table):
 * the request body (HTTP-REQUEST-BODY), then `http.disconnect` (FLOW-RECEIVE-WAIT, FLOW-RECEIVE-AFTER-END).
 */
import { serverViolation, type ValidationError } from './errors.js';
import { advertisedExtensionOf } from './extensions.js';
import { isObject, show } from './syntax.js';

/** Where the request is: body under way, body ended (`moreBody: false`), or `http.disconnect` yielded. */
export type RequestPhase = 'body' | 'ended' | 'disconnected';
/** What `receive()` yields: a body chunk with more to come, the last chunk, or a disconnect. */
type RequestEvent = 'more' | 'last' | 'disconnect';
/** A broken rule: the requirement and what went wrong. */
interface Fault {
  readonly requirement: string;
  readonly detail: string;
}

const AFTER_LAST: Fault = {
  requirement: 'FLOW-RECEIVE-WAIT',
  detail: 'receive() yielded http.request after the last body message (moreBody false); only http.disconnect may follow',
};
const AFTER_DISCONNECT: Fault = {
  requirement: 'FLOW-RECEIVE-AFTER-END',
  detail: 'receive() yielded http.request after http.disconnect; every later receive() yields http.disconnect',
};

/**
 * The request state machine: for each phase and event, the next phase or the rule the server broke. After a
 * fault the phase stays, so one bug is reported once and later messages are judged as if it had not happened.
 */
export const REQUEST_TABLE: Readonly<Record<RequestPhase, Readonly<Record<RequestEvent, RequestPhase | Fault>>>> = {
  body: { more: 'body', last: 'ended', disconnect: 'disconnected' },
  ended: { more: AFTER_LAST, last: AFTER_LAST, disconnect: 'disconnected' },
  disconnected: { more: AFTER_DISCONNECT, last: AFTER_DISCONNECT, disconnect: 'disconnected' },
};

/** Follows what the server yields from `receive()` on one `http` scope. */
export class HttpRequest {
  /** Current phase of {@link REQUEST_TABLE}. */
  phase: RequestPhase = 'body';

  /** @param extensions - `scope.extensions`, whose messages the server may also yield */
  constructor(private readonly extensions: unknown) {}

  /**
   * Checks one message `receive()` yielded. `calledAfterComplete`: the app called `receive()` after the response
   * was complete, so the answer is `http.disconnect` at once (FLOW-RECEIVE-AFTER-END).
   */
  check(message: unknown, calledAfterComplete: boolean): ValidationError[] {
    if (!isObject(message)) return [serverViolation('HTTP-REQUEST-BODY', `receive() yielded ${show(message)}, not a message object`)];
    const type = message['type'];
    if (type === 'http.disconnect') return this.step('disconnect');
    if (type === 'http.request') {
      const found = checkRequestMessage(message);
      if (calledAfterComplete) {
        found.push(serverViolation('FLOW-RECEIVE-AFTER-END', 'receive() called after the response was complete yielded http.request, not http.disconnect'));
      }
      return found.length > 0 ? found : this.step(message['moreBody'] === true ? 'more' : 'last');
    }
    if (typeof type === 'string' && advertisedExtensionOf(type, this.extensions) !== undefined) return [];
    return [serverViolation('EXT-ADVERTISED', `receive() yielded ${show(type)}, neither an http message nor one of an advertised extension`)];
  }

  private step(event: RequestEvent): ValidationError[] {
    const next = REQUEST_TABLE[this.phase][event];
    if (typeof next !== 'string') return [serverViolation(next.requirement, next.detail)];
    this.phase = next;
    return [];
  }
}

/** `http.request` keys the server always sets: `body` a `Uint8Array`, `moreBody` a boolean (HTTP-REQUEST-BODY). */
export function checkRequestMessage(message: Record<string, unknown>): ValidationError[] {
  const found: ValidationError[] = [];
  if (!(message['body'] instanceof Uint8Array)) {
    found.push(serverViolation('HTTP-REQUEST-BODY', `http.request body is ${show(message['body'])}, not a Uint8Array`));
  }
  if (typeof message['moreBody'] !== 'boolean') {
    found.push(serverViolation('HTTP-REQUEST-BODY', `http.request moreBody is ${show(message['moreBody'])}, not a boolean (the server always sets it)`));
  }
  return found;
}
