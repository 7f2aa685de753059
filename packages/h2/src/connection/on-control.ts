/**
 * @module connection/on-control
 * PING, GOAWAY, RST_STREAM, WINDOW_UPDATE, PRIORITY and PUSH_PROMISE
 * (RFC 9113 §6.3-§6.9), with the rapid-reset and ping-flood limits.
 */
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError, H2StreamError } from '../errors.js';
import { addToWindow } from '../flow.js';
import type { GoAwayFrame, PingFrame, PriorityFrame, PushPromiseFrame, RstStreamFrame, WindowUpdateFrame } from '../frame/types.js';
import { Flag } from '../frame/types.js';
import { applyFault, type ConnectionContext } from './context.js';

/** PING (§6.7): "Receivers of a PING frame that does not include an ACK flag MUST send a PING frame with the ACK
 * flag set in response, with an identical frame payload." ACKs are ignored: we never ping. */
export function onPing(cx: ConnectionContext, f: PingFrame): void {
  if ((f.flags & Flag.ACK) !== 0) return;
  // CVE-2019-9512 (ping flood): rate-limited.
  if (!cx.pingFlood.take(cx.now)) throw new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'PING flood');
  cx.sendPingAck(f.opaque);
}

/** GOAWAY (§6.8): reported; with an error code the peer is closing, so the connection stops. */
export function onGoAway(cx: ConnectionContext, f: GoAwayFrame): void {
  cx.goAwayReceived = true;
  cx.emit({ type: 'goaway', lastStreamId: f.lastStreamId, errorCode: f.errorCode });
  if (f.errorCode !== ErrorCode.NO_ERROR) cx.terminate();
}

/** RST_STREAM (§6.4). Resets of active streams are rate-limited (rapid reset, CVE-2023-44487). */
export function onRstStream(cx: ConnectionContext, f: RstStreamFrame): void {
  const id = f.streamId;
  const stream = cx.streams.get(id);
  if (stream === undefined) {
    // §6.4: "If a RST_STREAM frame identifying an idle stream is received, the recipient MUST treat this as a
    // connection error of type PROTOCOL_ERROR." On closed streams the table says ignore.
    const state = cx.stateOf(id);
    if (state !== null) applyFault(cx, id, state, 'RECV_RST_STREAM');
    return;
  }
  stream.apply('RECV_RST_STREAM');
  cx.closeStream(stream);
  cx.emit({ type: 'stream-reset', streamId: id, errorCode: f.errorCode });
  if (!cx.peerResets.take(cx.now)) throw new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'rapid reset: too many streams reset');
}

/** WINDOW_UPDATE (§6.9). */
export function onWindowUpdate(cx: ConnectionContext, f: WindowUpdateFrame): void {
  const id = f.streamId;
  if (id === 0) {
    // §6.9: "errors on the connection flow-control window MUST be treated as a connection error".
    if (f.increment === 0) throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0 on the connection');
    const next = addToWindow(cx.sendWindow, f.increment);
    if (next === null) throw new H2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window exceeds 2^31-1');
    cx.sendWindow = next;
    cx.emit({ type: 'window-update', streamId: 0 });
    return;
  }
  const stream = cx.streams.get(id);
  if (stream === undefined) {
    const state = cx.stateOf(id);
    if (state !== null) applyFault(cx, id, state, 'RECV_WINDOW_UPDATE');
    return;
  }
  // §6.9: "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control window increment of 0 as
  // a stream error of type PROTOCOL_ERROR".
  if (f.increment === 0) throw new H2StreamError(id, ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
  const next = addToWindow(stream.sendWindow, f.increment);
  // §6.9.1: "If a sender receives a WINDOW_UPDATE that causes a flow-control window to exceed this maximum, it
  // MUST terminate either the stream or the connection, as appropriate ... with an error code of FLOW_CONTROL_ERROR".
  if (next === null) throw new H2StreamError(id, ErrorCode.FLOW_CONTROL_ERROR, 'stream window exceeds 2^31-1');
  stream.sendWindow = next;
  cx.emit({ type: 'window-update', streamId: id });
}

/** PRIORITY (§6.3): accepted and ignored (RFC 9113 deprecates the scheme), except a self-dependency (§5.3.1). */
export function onPriority(cx: ConnectionContext, f: PriorityFrame): void {
  if (f.priority.dependency === f.streamId) {
    throw new H2StreamError(f.streamId, ErrorCode.PROTOCOL_ERROR, `stream ${f.streamId} depends on itself`);
  }
}

/** PUSH_PROMISE (§8.4): "servers MUST treat the receipt of a PUSH_PROMISE frame as a connection error of type
 * PROTOCOL_ERROR." */
export function onPushPromise(_cx: ConnectionContext, f: PushPromiseFrame): void {
  throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `PUSH_PROMISE from a client on stream ${f.streamId}`);
}
