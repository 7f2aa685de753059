/**
 * @module connection/on-settings
 * SETTINGS in both directions (RFC 9113 §6.5): the peer's parameters applied in
 * order and acknowledged, window changes of §6.9.2, our own SETTINGS taking effect on ACK, the settings flood limit.
 */
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError } from '../errors.js';
import { addToWindow } from '../flow.js';
import type { SettingsFrame } from '../frame/types.js';
import { Flag } from '../frame/types.js';
import { applyPeerSetting, SettingId, settingsPayload } from '../settings.js';
import type { ConnectionContext } from './context.js';

/** Our preface: SETTINGS, then WINDOW_UPDATE raising the connection window to `connectionWindowSize` (§6.9.2). */
export function sendPreface(cx: ConnectionContext): void {
  cx.sendSettings(settingsPayload(cx.settings), false);
  cx.unackedSettings++;
  const raise = cx.limits.connectionWindowSize - cx.recvWindow.size;
  if (raise > 0) {
    cx.recvWindow.resize(raise);
    cx.sendWindowUpdate(0, raise);
  }
}

/** Handles a SETTINGS frame. */
export function onSettings(cx: ConnectionContext, f: SettingsFrame): void {
  if ((f.flags & Flag.ACK) !== 0) return onAck(cx);
  // CVE-2019-9515 (settings flood): each SETTINGS costs an ACK; rate-limited.
  if (!cx.settingsFlood.take(cx.now)) throw new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'SETTINGS flood');
  let windowGrew = false;
  for (const [id, value] of f.settings) {
    const before = cx.peer.initialWindowSize;
    applyPeerSetting(cx.peer, id, value);
    if (id === SettingId.INITIAL_WINDOW_SIZE) windowGrew = adjustSendWindows(cx, value - before) || windowGrew;
    if (id === SettingId.HEADER_TABLE_SIZE) cx.encoder.setMaxTableSize(Math.min(value, 4096));
  }
  // §6.5.3: once the values are applied, "the recipient MUST immediately emit a SETTINGS frame with the ACK flag
  // set".
  cx.sendSettings([], true);
  if (windowGrew) cx.emit({ type: 'window-update', streamId: 0 });
}

/**
 * §6.9.2: "When the value of SETTINGS_INITIAL_WINDOW_SIZE changes, a receiver MUST adjust the size of all stream
 * flow-control windows that it maintains by the difference between the new value and the old value." and "An
 * endpoint MUST treat a change to SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control window to exceed the
 * maximum size as a connection error of type FLOW_CONTROL_ERROR." Windows may become negative. Returns whether
 * any window grew.
 */
function adjustSendWindows(cx: ConnectionContext, delta: number): boolean {
  if (delta === 0) return false;
  for (const stream of cx.streams.values()) {
    const next = addToWindow(stream.sendWindow, delta);
    if (next === null) {
      throw new H2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, `stream ${stream.id} window overflows after SETTINGS`);
    }
    stream.sendWindow = next;
  }
  return delta > 0 && cx.streams.size > 0;
}

/** The peer acknowledged our SETTINGS: they now apply in full (§6.5.3). */
function onAck(cx: ConnectionContext): void {
  if (cx.unackedSettings === 0) {
    throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'SETTINGS ACK without unacknowledged SETTINGS');
  }
  cx.unackedSettings--;
  const target = cx.settings.initialWindowSize;
  const delta = target - cx.recvInitialWindow;
  if (delta !== 0) {
    cx.recvInitialWindow = target;
    for (const stream of cx.streams.values()) stream.recv.resize(delta);
  }
  if (cx.decoder.maxTableSize !== cx.settings.headerTableSize) cx.decoder.setMaxTableSize(cx.settings.headerTableSize);
}
