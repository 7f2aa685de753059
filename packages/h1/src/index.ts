/**
 * Sans-IO HTTP/1.1 protocol core: bytes in, events out; response (or request) bytes out of the write methods.
 * No I/O, no timers, no Promises. See server-connection.ts and client-connection.ts.
 *
 * @module @tsgi/h1
 */
export { H1ServerConnection, type H1WriteHeadOptions } from './server-connection.js';
export { H1ClientConnection } from './client-connection.js';
export { NEED_DATA, PAUSED, TRANSITIONS, type H1State, type H1Transition } from './state.js';
export { DEFAULT_H1_LIMITS, resolveLimits, type H1Limits } from './limits.js';
export {
  H1Error,
  H1RemoteProtocolError,
  H1LocalProtocolError,
  type H1ErrorCode,
  type H1RemoteErrorCode,
  type H1LocalErrorCode,
} from './errors.js';
export type {
  H1RequestHead,
  H1ResponseHead,
  H1Informational,
  H1Data,
  H1EndOfMessage,
  H1ConnectionClosed,
  H1ServerEvent,
  H1ClientEvent,
} from './events.js';
export { STATUS_PHRASES, statusPhrase } from './status-phrases.js';
