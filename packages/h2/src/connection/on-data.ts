/**
 * @module connection/on-data
 * DATA (RFC 9113 §6.1): receive-side flow control (§6.9), the stream table, the
 * content-length rule (§8.1.1), the empty-DATA flood limit, and the 'data' event.
 */
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError, H2StreamError } from '../errors.js';
import type { DataFrame } from '../frame/types.js';
import { Flag } from '../frame/types.js';
import { applyFault, type ConnectionContext } from './context.js';

/** Handles one DATA frame. */
export function onData(cx: ConnectionContext, f: DataFrame): void {
  const id = f.streamId;
  const endStream = (f.flags & Flag.END_STREAM) !== 0;
  // The whole payload counts: "The entire DATA frame payload is included in flow control, including the Pad Length
  // and Padding fields if present" (§6.1).
  const flowLength = f.data.length + (f.flags & Flag.PADDED ? f.padLength + 1 : 0);
  // §6.9.1: "A receiver MAY respond with ... a connection error of type FLOW_CONTROL_ERROR if it is unable to
  // accept a frame"; more than we advertised for the connection is exactly that.
  if (!cx.recvWindow.consume(flowLength)) {
    throw new H2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, `DATA of ${flowLength} octets exceeds the connection window`);
  }
  // CVE-2019-9518: empty DATA frames cost work but no window; rate-limited, on any stream (ignored ones too).
  if (f.data.length === 0 && !endStream && !cx.emptyDataFlood.take(cx.now)) {
    throw new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'too many empty DATA frames');
  }
  const stream = cx.streams.get(id);
  if (stream === undefined || (stream.state !== 'OPEN' && stream.state !== 'HALF_CLOSED_LOCAL')) {
    // Not delivered: "A receiver that receives a flow-controlled frame MUST always account for its contribution
    // against the connection flow-control window" (§6.9), so that credit goes straight back.
    cx.creditConnection(flowLength);
    const state = stream?.state ?? cx.stateOf(id);
    // A forgotten closed stream: §6.1 "If a DATA frame is received whose stream is not in the open or half-closed
    // (local) state, the recipient MUST respond with a stream error of type STREAM_CLOSED."
    if (state === null) throw new H2StreamError(id, ErrorCode.STREAM_CLOSED, `DATA on closed stream ${id}`);
    return applyFault(cx, id, state, 'RECV_DATA');
  }
  if (!stream.recv.consume(flowLength)) {
    cx.creditConnection(flowLength);
    throw new H2StreamError(id, ErrorCode.FLOW_CONTROL_ERROR, `DATA of ${flowLength} octets exceeds the stream window`);
  }
  stream.received += f.data.length;
  // §8.1.1: "A request or response is also malformed if the value of a content-length header field does not equal
  // the sum of the DATA frame payload lengths that form the content".
  if (stream.contentLength >= 0) {
    const over = stream.received > stream.contentLength;
    if (over || (endStream && stream.received !== stream.contentLength)) {
      throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, 'content-length does not match the DATA received');
    }
  }
  // Padding is never seen by the application: credited back at once (coalesced).
  const padding = flowLength - f.data.length;
  if (padding > 0) {
    cx.creditStream(stream, padding);
    cx.creditConnection(padding);
  }
  cx.emit({ type: 'data', streamId: id, data: f.data, endStream, flowControlledLength: flowLength });
  if (endStream) {
    stream.apply('RECV_END_STREAM');
    cx.closeStream(stream);
  }
}
