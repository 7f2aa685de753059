/**
 * @module The response of an `http` scope as a state machine (one table): which message the app may send in which
 * phase, with the core order (HTTP-START-FIRST, HTTP-BODY-END) and the order of the three extensions
 * (EXT-TRAILERS-ORDER, EXT-PATHSEND-ORDER, EXT-EARLYHINTS-ORDER).
 */

/**
 * Where the response is: nothing sent, start accepted, body under way (committed), the body is done and the
 * announced trailers are due (EXT-TRAILERS-ORDER), complete (HTTP-BODY-END, or at the last trailers).
 */
export type ResponsePhase = 'initial' | 'started' | 'streaming' | 'trailers' | 'complete';

/**
 * What the app sends: a start, a body with `moreBody: true`, the final body, a path send, trailers with
 * `moreTrailers: true`, the last trailers, or an early hint.
 */
export type ResponseEvent = 'start' | 'more' | 'last' | 'pathsend' | 'trailer' | 'lastTrailer' | 'earlyHints';

/** A broken rule: the requirement and what went wrong. */
export interface Fault {
  readonly requirement: string;
  readonly detail: string;
}

const BODY_BEFORE_START: Fault = { requirement: 'HTTP-START-FIRST', detail: 'sent http.response.body before http.response.start' };
const SECOND_START: Fault = { requirement: 'HTTP-START-FIRST', detail: 'sent http.response.start a second time' };
/** A message after the response was complete (HTTP-BODY-END). */
export const AFTER_COMPLETE: Fault = {
  requirement: 'HTTP-BODY-END',
  detail: 'sent a message after the response was complete (a body with moreBody false ends it)',
};
/** A body once the final body of a response with trailers went: only trailers follow (EXT-TRAILERS-ORDER). */
export const BODY_AFTER_FINAL: Fault = {
  requirement: 'EXT-TRAILERS-ORDER',
  detail: 'sent http.response.body after the final body of a response that announced trailers; only http.response.trailers may follow',
};
const TRAILERS_EARLY: Fault = {
  requirement: 'EXT-TRAILERS-ORDER',
  detail: 'sent http.response.trailers before the final body (a http.response.body with moreBody false, or a pathsend)',
};
const TRAILERS_LATE: Fault = {
  requirement: 'EXT-TRAILERS-ORDER',
  detail: 'sent http.response.trailers after the response was complete (at the trailers with moreTrailers false)',
};
const PATHSEND_BEFORE_START: Fault = { requirement: 'EXT-PATHSEND-ORDER', detail: 'sent http.response.pathsend before http.response.start' };
const PATHSEND_AFTER_BODY: Fault = {
  requirement: 'EXT-PATHSEND-ORDER',
  detail: 'sent http.response.pathsend after a body message or a previous pathsend; it is sent once, before any body',
};
const HINTS_AFTER_START: Fault = {
  requirement: 'EXT-EARLYHINTS-ORDER',
  detail: 'sent http.response.earlyHints after http.response.start; early hints go only before the start',
};
/** Anything but trailers after a path send, which is the whole body and completes the response (EXT-PATHSEND-ORDER). */
export const AFTER_PATHSEND: Fault = {
  requirement: 'EXT-PATHSEND-ORDER',
  detail: 'sent a message after http.response.pathsend, which is the whole body and completes the response (only announced trailers may follow)',
};

/**
 * The response state machine: for each phase and event, the next phase or the rule broken. A broken step is
 * rejected by the server (MSG-INVALID), so the phase does not change. With `trailers: true` on the start, the
 * step to `complete` at the final body or the path send goes to `trailers` instead (see {@link nextPhase}).
 */
export const RESPONSE_TABLE: Readonly<Record<ResponsePhase, Readonly<Record<ResponseEvent, ResponsePhase | Fault>>>> = {
  initial: {
    start: 'started', more: BODY_BEFORE_START, last: BODY_BEFORE_START, pathsend: PATHSEND_BEFORE_START,
    trailer: TRAILERS_EARLY, lastTrailer: TRAILERS_EARLY, earlyHints: 'initial',
  },
  started: {
    start: SECOND_START, more: 'streaming', last: 'complete', pathsend: 'complete',
    trailer: TRAILERS_EARLY, lastTrailer: TRAILERS_EARLY, earlyHints: HINTS_AFTER_START,
  },
  streaming: {
    start: SECOND_START, more: 'streaming', last: 'complete', pathsend: PATHSEND_AFTER_BODY,
    trailer: TRAILERS_EARLY, lastTrailer: TRAILERS_EARLY, earlyHints: HINTS_AFTER_START,
  },
  trailers: {
    start: SECOND_START, more: BODY_AFTER_FINAL, last: BODY_AFTER_FINAL, pathsend: PATHSEND_AFTER_BODY,
    trailer: 'trailers', lastTrailer: 'complete', earlyHints: HINTS_AFTER_START,
  },
  complete: {
    start: AFTER_COMPLETE, more: AFTER_COMPLETE, last: AFTER_COMPLETE, pathsend: PATHSEND_AFTER_BODY,
    trailer: TRAILERS_LATE, lastTrailer: TRAILERS_LATE, earlyHints: HINTS_AFTER_START,
  },
};

/**
 * The step of {@link RESPONSE_TABLE} from `phase` on `event`. `trailersAnnounced`: the accepted start had
 * `trailers: true`, so the final body or the path send leaves the trailers due (EXT-TRAILERS-ORDER).
 * `pathsendSent`: a path send was accepted, so what follows it, trailers apart, cites EXT-PATHSEND-ORDER.
 */
export function nextPhase(phase: ResponsePhase, event: ResponseEvent, trailersAnnounced: boolean, pathsendSent: boolean): ResponsePhase | Fault {
  const next = RESPONSE_TABLE[phase][event];
  if (next === 'complete' && trailersAnnounced && (event === 'last' || event === 'pathsend')) return 'trailers';
  if (pathsendSent && (next === AFTER_COMPLETE || next === BODY_AFTER_FINAL)) return AFTER_PATHSEND;
  return next;
}
