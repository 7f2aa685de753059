/**
 * @module frame/parse
 * Frame payloads to frame objects, one parser per type in a table (RFC 9113 §6), with the
 * per-type size, stream-identifier and padding rules. Stream state is not consulted here.
 */
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError, H2StreamError } from '../errors.js';
import { readUint31, readUint32 } from './header.js';
import type { Frame, FrameHeader, PriorityFields } from './types.js';
import { Flag, FrameType } from './types.js';

type Parser = (h: FrameHeader, p: Uint8Array) => Frame;

function connectionError(code: number, message: string): never {
  throw new H2ConnectionError(code, message);
}

/** Frames that belong to a stream "MUST" not use stream 0 (RFC 9113 §6.1, §6.2, §6.3, §6.4, §6.6, §6.10). */
function requireStream(h: FrameHeader, name: string): void {
  if (h.streamId === 0) connectionError(ErrorCode.PROTOCOL_ERROR, `${name} frame on stream 0`);
}

/** Connection-level frames "MUST" use stream 0 (RFC 9113 §6.5, §6.7, §6.8). */
function requireConnection(h: FrameHeader, name: string): void {
  if (h.streamId !== 0) connectionError(ErrorCode.PROTOCOL_ERROR, `${name} frame on stream ${h.streamId}`);
}

/**
 * Pad Length octet when PADDED is set. RFC 9113 §6.1: "If the length of the padding is the length of the frame
 * payload or greater, the recipient MUST treat this as a connection error of type PROTOCOL_ERROR." `fixed` is the
 * number of other mandatory octets (priority fields, promised stream id) that must fit too.
 */
function padLength(h: FrameHeader, p: Uint8Array, fixed: number, name: string): number {
  if ((h.flags & Flag.PADDED) === 0) {
    if (p.length < fixed) connectionError(ErrorCode.FRAME_SIZE_ERROR, `${name} frame too short`);
    return 0;
  }
  if (p.length < 1 + fixed) connectionError(ErrorCode.FRAME_SIZE_ERROR, `${name} frame too short for padding`);
  const pad = p[0]!;
  if (pad >= p.length - fixed) connectionError(ErrorCode.PROTOCOL_ERROR, `${name} padding ${pad} exceeds payload`);
  return pad;
}

function readPriority(p: Uint8Array, at: number): PriorityFields {
  return { exclusive: (p[at]! & 0x80) !== 0, dependency: readUint31(p, at), weight: p[at + 4]! };
}

const parseData: Parser = (h, p) => {
  requireStream(h, 'DATA');
  const pad = padLength(h, p, 0, 'DATA');
  const start = (h.flags & Flag.PADDED) !== 0 ? 1 : 0;
  const data = start === 0 && pad === 0 ? p : p.subarray(start, p.length - pad); // no second view when unpadded
  return { type: FrameType.DATA, streamId: h.streamId, flags: h.flags, data, padLength: pad };
};

const parseHeaders: Parser = (h, p) => {
  requireStream(h, 'HEADERS');
  const hasPriority = (h.flags & Flag.PRIORITY) !== 0;
  const pad = padLength(h, p, hasPriority ? 5 : 0, 'HEADERS');
  let at = (h.flags & Flag.PADDED) !== 0 ? 1 : 0;
  const priority = hasPriority ? readPriority(p, at) : null;
  if (hasPriority) at += 5;
  const fragment = at === 0 && pad === 0 ? p : p.subarray(at, p.length - pad); // no second view when plain
  return { type: FrameType.HEADERS, streamId: h.streamId, flags: h.flags, fragment, padLength: pad, priority };
};

const parsePriority: Parser = (h, p) => {
  requireStream(h, 'PRIORITY');
  // RFC 9113 §6.3: "A PRIORITY frame with a length other than 5 octets MUST be treated as a stream error of type
  // FRAME_SIZE_ERROR."
  if (p.length !== 5) throw new H2StreamError(h.streamId, ErrorCode.FRAME_SIZE_ERROR, 'PRIORITY length is not 5');
  return { type: FrameType.PRIORITY, streamId: h.streamId, flags: h.flags, priority: readPriority(p, 0) };
};

const parseRstStream: Parser = (h, p) => {
  requireStream(h, 'RST_STREAM');
  // RFC 9113 §6.4: "A RST_STREAM frame with a length other than 4 octets MUST be treated as a connection error of
  // type FRAME_SIZE_ERROR."
  if (p.length !== 4) connectionError(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM length is not 4');
  return { type: FrameType.RST_STREAM, streamId: h.streamId, flags: h.flags, errorCode: readUint32(p, 0) };
};

const parseSettings: Parser = (h, p) => {
  requireConnection(h, 'SETTINGS');
  // RFC 9113 §6.5: ACK with a non-empty payload, or a length not a multiple of 6, is a connection FRAME_SIZE_ERROR.
  if ((h.flags & Flag.ACK) !== 0 && p.length !== 0) connectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with payload');
  if (p.length % 6 !== 0) connectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS length is not a multiple of 6');
  const settings: Array<[number, number]> = [];
  for (let at = 0; at < p.length; at += 6) settings.push([(p[at]! << 8) | p[at + 1]!, readUint32(p, at + 2)]);
  return { type: FrameType.SETTINGS, streamId: 0, flags: h.flags, settings };
};

const parsePushPromise: Parser = (h, p) => {
  requireStream(h, 'PUSH_PROMISE');
  const pad = padLength(h, p, 4, 'PUSH_PROMISE');
  const at = (h.flags & Flag.PADDED) !== 0 ? 1 : 0;
  return {
    type: FrameType.PUSH_PROMISE,
    streamId: h.streamId,
    flags: h.flags,
    promisedStreamId: readUint31(p, at),
    fragment: p.subarray(at + 4, p.length - pad),
    padLength: pad,
  };
};

const parsePing: Parser = (h, p) => {
  requireConnection(h, 'PING');
  // RFC 9113 §6.7: "Receipt of a PING frame with a length field value other than 8 MUST be treated as a connection
  // error of type FRAME_SIZE_ERROR."
  if (p.length !== 8) connectionError(ErrorCode.FRAME_SIZE_ERROR, 'PING length is not 8');
  return { type: FrameType.PING, streamId: 0, flags: h.flags, opaque: p };
};

const parseGoAway: Parser = (h, p) => {
  requireConnection(h, 'GOAWAY');
  // RFC 9113 §4.2: a frame "too small to contain mandatory frame data" is a FRAME_SIZE_ERROR (stream 0: connection).
  if (p.length < 8) connectionError(ErrorCode.FRAME_SIZE_ERROR, 'GOAWAY shorter than 8 octets');
  return {
    type: FrameType.GOAWAY,
    streamId: 0,
    flags: h.flags,
    lastStreamId: readUint31(p, 0),
    errorCode: readUint32(p, 4),
    debugData: p.subarray(8),
  };
};

const parseWindowUpdate: Parser = (h, p) => {
  // RFC 9113 §6.9: "A WINDOW_UPDATE frame with a length other than 4 octets MUST be treated as a connection error of
  // type FRAME_SIZE_ERROR." The increment of 0 is checked by the handler (stream vs connection error).
  if (p.length !== 4) connectionError(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE length is not 4');
  return { type: FrameType.WINDOW_UPDATE, streamId: h.streamId, flags: h.flags, increment: readUint31(p, 0) };
};

const parseContinuation: Parser = (h, p) => {
  requireStream(h, 'CONTINUATION');
  return { type: FrameType.CONTINUATION, streamId: h.streamId, flags: h.flags, fragment: p };
};

/** The parser of each registered frame type, indexed by type. */
const PARSERS: readonly Parser[] = [
  parseData,
  parseHeaders,
  parsePriority,
  parseRstStream,
  parseSettings,
  parsePushPromise,
  parsePing,
  parseGoAway,
  parseWindowUpdate,
  parseContinuation,
];

/**
 * Parses one frame whose header was read into `h` and whose payload is `payload` (exactly `h.length` octets; the
 * returned frame may view it). Throws {@link H2ConnectionError} or {@link H2StreamError} for malformed frames.
 * Frames of unknown types become {@link UnknownFrame}s (RFC 9113 §5.5: "Implementations MUST ignore unknown or
 * unsupported values in all extensible protocol elements").
 */
export function parseFrame(h: FrameHeader, payload: Uint8Array): Frame {
  const parser = PARSERS[h.type];
  if (parser !== undefined) return parser(h, payload);
  return { type: h.type, streamId: h.streamId, flags: h.flags, payload, unknown: true };
}
