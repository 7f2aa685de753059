/**
 * @module frame/types
 * Frame type and flag registries (RFC 9113 §6, §11.2) and the parsed frame objects.
 * This folder knows bytes, not streams: nothing here looks at stream state.
 */

/** Frame types of RFC 9113 §6 (registry §11.2). Other types are extensions, ignored on receipt (§5.5). */
export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

/** A registered frame type value. */
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

/** Frame flags (RFC 9113 §6). Each applies only to the frame types listed; others MUST be ignored (§4.1). */
export const Flag = {
  /** DATA, HEADERS. */
  END_STREAM: 0x1,
  /** SETTINGS, PING. */
  ACK: 0x1,
  /** HEADERS, PUSH_PROMISE, CONTINUATION. */
  END_HEADERS: 0x4,
  /** DATA, HEADERS, PUSH_PROMISE. */
  PADDED: 0x8,
  /** HEADERS. */
  PRIORITY: 0x20,
} as const;

/** Size of the fixed frame header (RFC 9113 §4.1). */
export const FRAME_HEADER_LENGTH = 9;

/** The largest stream identifier, 2^31-1 (RFC 9113 §5.1.1). */
export const MAX_STREAM_ID = 0x7fffffff;

/** The client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (RFC 9113 §3.4). */
export const CLIENT_PREFACE: Uint8Array = Uint8Array.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', (c) => c.charCodeAt(0));

/** Stream dependency fields of HEADERS (with PRIORITY flag) and PRIORITY frames (RFC 9113 §5.3.2, deprecated). */
export interface PriorityFields {
  readonly exclusive: boolean;
  readonly dependency: number;
  /** Weight as sent on the wire (0-255; the RFC 7540 weight minus one). */
  readonly weight: number;
}

interface FrameBase {
  readonly streamId: number;
  /** All flag bits as received; unknown bits are kept but have no meaning (RFC 9113 §4.1). */
  readonly flags: number;
}

/** DATA (RFC 9113 §6.1). `data` excludes the Pad Length field and padding; `padLength` is 0 when not PADDED. */
export interface DataFrame extends FrameBase {
  readonly type: typeof FrameType.DATA;
  readonly data: Uint8Array;
  readonly padLength: number;
}
/** HEADERS (§6.2); `fragment` is the field block fragment. */
export interface HeadersFrame extends FrameBase {
  readonly type: typeof FrameType.HEADERS;
  readonly fragment: Uint8Array;
  readonly padLength: number;
  readonly priority: PriorityFields | null;
}
/** PRIORITY (§6.3). */
export interface PriorityFrame extends FrameBase {
  readonly type: typeof FrameType.PRIORITY;
  readonly priority: PriorityFields;
}
/** RST_STREAM (§6.4). */
export interface RstStreamFrame extends FrameBase {
  readonly type: typeof FrameType.RST_STREAM;
  readonly errorCode: number;
}
/** SETTINGS (§6.5): parameters in order, unknown identifiers included (the receiver ignores them). */
export interface SettingsFrame extends FrameBase {
  readonly type: typeof FrameType.SETTINGS;
  readonly settings: ReadonlyArray<readonly [id: number, value: number]>;
}
/** PUSH_PROMISE (§6.6). */
export interface PushPromiseFrame extends FrameBase {
  readonly type: typeof FrameType.PUSH_PROMISE;
  readonly promisedStreamId: number;
  readonly fragment: Uint8Array;
  readonly padLength: number;
}
/** PING (§6.7): 8 opaque octets. */
export interface PingFrame extends FrameBase {
  readonly type: typeof FrameType.PING;
  readonly opaque: Uint8Array;
}
/** GOAWAY (§6.8). */
export interface GoAwayFrame extends FrameBase {
  readonly type: typeof FrameType.GOAWAY;
  readonly lastStreamId: number;
  readonly errorCode: number;
  readonly debugData: Uint8Array;
}
/** WINDOW_UPDATE (§6.9). */
export interface WindowUpdateFrame extends FrameBase {
  readonly type: typeof FrameType.WINDOW_UPDATE;
  readonly increment: number;
}
/** CONTINUATION (§6.10). */
export interface ContinuationFrame extends FrameBase {
  readonly type: typeof FrameType.CONTINUATION;
  readonly fragment: Uint8Array;
}
/** A frame of an extension type (§5.5): kept only so that it can be ignored (or checked inside a field block). */
export interface UnknownFrame extends FrameBase {
  readonly type: number;
  readonly payload: Uint8Array;
  readonly unknown: true;
}

/** Any frame known to RFC 9113. */
export type KnownFrame =
  | DataFrame
  | HeadersFrame
  | PriorityFrame
  | RstStreamFrame
  | SettingsFrame
  | PushPromiseFrame
  | PingFrame
  | GoAwayFrame
  | WindowUpdateFrame
  | ContinuationFrame;

/** Any parsed frame. Narrow with `'unknown' in frame` first, then `switch (frame.type)`. */
export type Frame = KnownFrame | UnknownFrame;

/** Mutable 9-octet frame header, filled in place by `readFrameHeader` (RFC 9113 §4.1). */
export interface FrameHeader {
  length: number;
  type: number;
  flags: number;
  streamId: number;
}
