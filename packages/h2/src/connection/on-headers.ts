/**
 * @module connection/on-headers
 * HEADERS and CONTINUATION (RFC 9113 §6.2, §6.10, §4.3): field block assembly with
 * the CONTINUATION-flood limits, HPACK decoding (always, to keep the dynamic table in step), stream id rules
 * (§5.1.1), concurrency (§5.1.2), the §8 request and trailer rules, and the 'request'/'trailers' events.
 */
import { isHpackError } from '@tsgi/hpack';
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError, H2StreamError } from '../errors.js';
import { writeHeaderBlock } from '../frame/serialize.js';
import type { ContinuationFrame, HeadersFrame, PriorityFields } from '../frame/types.js';
import { Flag } from '../frame/types.js';
import { checkTrailers, type HeaderList } from '../message-rules.js';
import type { RequestFields } from '../request-fields.js';
import { H2Stream } from '../stream/stream.js';
import { applyFault, type ConnectionContext } from './context.js';

const calm = (message: string): H2ConnectionError => new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, message);

/** Copies a fragment that may view the caller's input (kept across receiveData calls). */
function copy(bytes: Uint8Array): Uint8Array {
  return bytes.slice();
}

/** HEADERS: starts a field block; completes it at once when END_HEADERS is set. */
export function onHeaders(cx: ConnectionContext, f: HeadersFrame): void {
  // §5.1.1: "Streams initiated by a client MUST use odd-numbered stream identifiers"; an unexpected identifier is a
  // connection error of type PROTOCOL_ERROR.
  if (f.streamId % 2 === 0) throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `HEADERS on even stream ${f.streamId}`);
  checkBlockSize(cx, f.fragment.length);
  const endStream = (f.flags & Flag.END_STREAM) !== 0;
  // A whole block in one frame (the usual case) needs no pending-block record.
  if ((f.flags & Flag.END_HEADERS) !== 0) return completeBlock(cx, f.streamId, endStream, f.priority, f.fragment);
  cx.headerBlock = {
    streamId: f.streamId,
    endStream,
    priority: f.priority,
    fragments: [copy(f.fragment)],
    bytes: f.fragment.length,
    continuations: 0,
  };
}

/** CONTINUATION: appends to the pending field block (§6.10). */
export function onContinuation(cx: ConnectionContext, f: ContinuationFrame): void {
  const block = cx.headerBlock;
  // §6.10: "A CONTINUATION frame MUST be preceded by a HEADERS, PUSH_PROMISE or CONTINUATION frame without the
  // END_HEADERS flag set. A recipient that observes violation of this rule MUST respond with a connection error
  // of type PROTOCOL_ERROR."
  if (block === null) throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'CONTINUATION without a field block');
  if (f.streamId !== block.streamId) {
    throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `CONTINUATION on stream ${f.streamId}, block on ${block.streamId}`);
  }
  block.continuations++;
  block.bytes += f.fragment.length;
  // CONTINUATION flood (CVE-2023-45288 etc.): bounded frame count and octets before END_HEADERS.
  if (block.continuations > cx.limits.maxContinuationFrames) {
    throw calm(`more than ${cx.limits.maxContinuationFrames} CONTINUATION frames in one field block`);
  }
  checkBlockSize(cx, block.bytes);
  block.fragments.push(copy(f.fragment));
  if ((f.flags & Flag.END_HEADERS) === 0) return;
  cx.headerBlock = null;
  const whole = new Uint8Array(block.bytes);
  let at = 0;
  for (const part of block.fragments) {
    whole.set(part, at);
    at += part.length;
  }
  completeBlock(cx, block.streamId, block.endStream, block.priority, whole);
}

function checkBlockSize(cx: ConnectionContext, bytes: number): void {
  if (bytes > cx.limits.maxHeaderBlockBytes) {
    throw calm(`field block exceeds ${cx.limits.maxHeaderBlockBytes} octets before END_HEADERS`);
  }
}

/** Decodes the block, then routes it: new request, trailers, or a frame on a closed stream. */
function completeBlock(
  cx: ConnectionContext,
  id: number,
  endStream: boolean,
  priority: PriorityFields | null,
  bytes: Uint8Array,
): void {
  const existing = cx.streams.get(id);
  // A new request's fields go straight into the connection's collector (no pair per pseudo-header field, no list
  // split afterwards); trailers are decoded into a list.
  const fields = existing === undefined ? cx.requestFields : null;
  let list: Array<[string, string]> | null = null;
  try {
    if (fields === null) list = cx.decoder.decode(bytes);
    else {
      fields.reset(cx.receivedFields);
      cx.decoder.decodeInto(bytes, fields);
    }
  } catch (cause) {
    // §4.3: "A decoding error in a field block MUST be treated as a connection error of type COMPRESSION_ERROR."
    if (!isHpackError(cause)) throw cause;
    throw new H2ConnectionError(ErrorCode.COMPRESSION_ERROR, `HPACK: ${cause.message}`, { cause });
  }
  if (fields === null) return onTrailers(cx, existing!, endStream, priority, list!);
  const state = cx.stateOf(id);
  if (state === null) {
    // §5.1.1: "The identifier of a newly established stream MUST be numerically greater than all streams that the
    // initiating endpoint has opened or reserved." (A stream we have forgotten, or one implicitly closed.)
    throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `HEADERS on stream ${id}, not above ${cx.highestStreamId}`);
  }
  if (state !== 'IDLE') return applyFault(cx, id, state, 'RECV_HEADERS');
  openStream(cx, id, endStream, priority, fields);
}

/** §6.5.2: "The value is based on the uncompressed size of field lines, including the length of the name and value
 * in octets plus an overhead of 32 octets for each field line." */
function listSize(list: HeaderList): number {
  let size = 0;
  for (const [name, value] of list) size += name.length + value.length + 32;
  return size;
}

function openStream(
  cx: ConnectionContext,
  id: number,
  endStream: boolean,
  priority: PriorityFields | null,
  fields: RequestFields,
): void {
  cx.highestStreamId = id;
  // §5.3.1: "A stream cannot depend on itself. An endpoint MUST treat this as a stream error of type PROTOCOL_ERROR."
  if (priority !== null && priority.dependency === id) {
    throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, `stream ${id} depends on itself`);
  }
  // §6.8: after GOAWAY, streams above its last-stream-id are not processed; refused so the client may retry.
  if (cx.goAwaySent && id > cx.goAwayLastStreamId) {
    cx.rememberClosed(id, 'CLOSED_RESET_SENT');
    cx.sendRstStream(id, ErrorCode.REFUSED_STREAM);
    cx.emit({ type: 'stream-error', streamId: id, errorCode: ErrorCode.REFUSED_STREAM, message: 'after GOAWAY' });
    return;
  }
  // §5.1.2: a HEADERS frame that exceeds our advertised concurrency limit is a stream error of type
  // PROTOCOL_ERROR or REFUSED_STREAM; refusals are counted (Node's maxSessionRejectedStreams).
  if (cx.streams.size >= cx.settings.maxConcurrentStreams) {
    if (++cx.rejectedStreams > cx.limits.maxRejectedStreams) throw calm('too many streams refused');
    cx.streamError(new H2StreamError(id, ErrorCode.REFUSED_STREAM, 'maxConcurrentStreams reached'), false);
    return;
  }
  const stream = new H2Stream(id, cx.peer.initialWindowSize, cx.recvInitialWindow);
  stream.apply('RECV_HEADERS');
  cx.trackStream(stream);
  cx.lastProcessedStreamId = id;
  const size = fields.size;
  if (size > cx.settings.maxHeaderListSize) return answer431(cx, stream, endStream, size);
  const headers = fields.finish(id); // §8 checks (throws the stream error of a malformed request)
  const method = fields.method!;
  // §8.5 CONNECT is not supported by this core: refused before any processing.
  if (method === 'CONNECT') throw new H2StreamError(id, ErrorCode.REFUSED_STREAM, 'CONNECT is not supported');
  // §8.1.1: content-length must equal the sum of DATA payloads; END_STREAM here means there are none.
  if (endStream && fields.contentLength > 0) {
    throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, 'content-length with no content');
  }
  stream.contentLength = fields.contentLength;
  cx.emit({
    type: 'request',
    streamId: id,
    method,
    scheme: fields.scheme ?? '',
    authority: fields.authority,
    path: fields.path ?? '',
    headers,
    endStream,
  });
  if (endStream) stream.apply('RECV_END_STREAM');
}

/**
 * A request head over our SETTINGS_MAX_HEADER_LIST_SIZE that HPACK could still decode: answered with 431 by the
 * core (§10.5.1: "A server that receives a larger field block than it is willing to handle can send an HTTP 431
 * (Request Header Fields Too Large) status code"), then RST_STREAM NO_ERROR if the request is still open (§8.1).
 */
function answer431(cx: ConnectionContext, stream: H2Stream, endStream: boolean, size: number): void {
  if (endStream) stream.apply('RECV_END_STREAM');
  writeHeaderBlock(cx.out, stream.id, cx.encoder.encode([[':status', '431']]), true, cx.peer.maxFrameSize);
  stream.apply('SEND_HEADERS');
  stream.apply('SEND_END_STREAM');
  if (stream.state !== 'CLOSED') {
    cx.sendRstStream(stream.id, ErrorCode.NO_ERROR);
    stream.apply('SEND_RST_STREAM');
  }
  cx.closeStream(stream);
  const message = `header list of ${size} octets exceeds ${cx.settings.maxHeaderListSize}; answered 431`;
  cx.emit({ type: 'stream-error', streamId: stream.id, errorCode: ErrorCode.NO_ERROR, message });
  if (!cx.serverResets.take(cx.now)) throw calm('too many oversized header lists');
}

/** A second HEADERS on a tracked stream: trailers (§8.1). */
function onTrailers(
  cx: ConnectionContext,
  stream: H2Stream,
  endStream: boolean,
  priority: PriorityFields | null,
  list: HeaderList,
): void {
  const id = stream.id;
  const next = stream.apply('RECV_HEADERS');
  if (typeof next !== 'string') return applyFault(cx, id, stream.state, 'RECV_HEADERS');
  // §8.1: a HEADERS frame without END_STREAM after the one that opened the request makes the request malformed.
  if (!endStream) throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, 'second HEADERS without END_STREAM');
  if (priority !== null && priority.dependency === id) {
    throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, `stream ${id} depends on itself`);
  }
  if (listSize(list) > cx.settings.maxHeaderListSize) {
    throw new H2StreamError(id, ErrorCode.ENHANCE_YOUR_CALM, 'trailers exceed maxHeaderListSize');
  }
  const headers = checkTrailers(id, list);
  if (stream.contentLength >= 0 && stream.received !== stream.contentLength) {
    throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, 'content-length does not match the DATA received');
  }
  cx.emit({ type: 'trailers', streamId: id, headers });
  stream.apply('RECV_END_STREAM');
  cx.closeStream(stream);
}
