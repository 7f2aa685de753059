/**
 * A sans-IO HTTP/2 (RFC 9113) server-side protocol core. Bytes in -> events out; method calls
 * -> bytes queued for `dataToSend()`. No I/O, timers or Promises; HPACK from `@tsgi/hpack`.
 *
 * @module @tsgi/h2
 */
export { H2ServerConnection } from './connection/connection.js';
export type { H2ServerOptions } from './connection/connection.js';
export { DEFAULT_LIMITS, resolveLimits, TokenBucket } from './connection/limits.js';
export { ZERO_COPY_DATA } from './connection/outbound.js';
export type { H2Limits } from './connection/limits.js';
export { ErrorCode, errorCodeName } from './error-codes.js';
export type { ErrorCodeName, ErrorCodeValue } from './error-codes.js';
export { H2ConnectionError, H2Error, H2LocalError, H2StreamError } from './errors.js';
export type { H2ErrorCode } from './errors.js';
export type {
  ConnectionErrorEvent,
  DataEvent,
  GoAwayEvent,
  H2Event,
  RequestEvent,
  StreamErrorEvent,
  StreamResetEvent,
  TrailersEvent,
  WindowUpdateEvent,
} from './events.js';
export { addToWindow, InboundWindow } from './flow.js';
export { FrameReader } from './frame/buffer.js';
export { readFrameHeader, writeFrameHeader } from './frame/header.js';
export { parseFrame } from './frame/parse.js';
export { CollectingSink, serializeFrame, writeFrame } from './frame/serialize.js';
export type { ByteSink } from './frame/serialize.js';
export { CLIENT_PREFACE, Flag, FRAME_HEADER_LENGTH, FrameType, MAX_STREAM_ID } from './frame/types.js';
export type {
  ContinuationFrame,
  DataFrame,
  Frame,
  FrameHeader,
  FrameTypeValue,
  GoAwayFrame,
  HeadersFrame,
  KnownFrame,
  PingFrame,
  PriorityFields,
  PriorityFrame,
  PushPromiseFrame,
  RstStreamFrame,
  SettingsFrame,
  UnknownFrame,
  WindowUpdateFrame,
} from './frame/types.js';
export { checkOutgoing, checkTrailers } from './message-rules.js';
export { checkRequest } from './request-fields.js';
export type { HeaderList, RequestHead } from './message-rules.js';
export {
  DEFAULT_SETTINGS,
  DEFAULT_WINDOW_SIZE,
  MAX_MAX_FRAME_SIZE,
  MAX_WINDOW_SIZE,
  MIN_MAX_FRAME_SIZE,
  resolveSettings,
  SettingId,
} from './settings.js';
export type { H2Settings } from './settings.js';
export { isActive, isClosed, STREAM_INPUTS, STREAM_STATES, STREAM_TABLE, transition } from './stream/state.js';
export type { StreamFault, StreamInput, StreamState, StreamTable, StreamTransition } from './stream/state.js';
