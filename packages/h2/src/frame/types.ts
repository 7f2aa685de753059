/**
 * @module frame/types
 * Frame type and flag registries (RFC 9113 §6, §11.2) and the parsed frame objects.
 * This folder knows bytes, not streams: nothing here looks at stream state.
 */

/** Frame types of RFC 9113 §6 (registry §11.2). Other types are extensions, ignored on receipt (§5.5). */
export const FrameType = {
  /** RFC 9113 §6.1 */
  DATA: 0x0,
  /** RFC 9113 §6.2 */
  HEADERS: 0x1,
  /** RFC 9113 §6.3 (deprecated signalling, still parsed) */
  PRIORITY: 0x2,
  /** RFC 9113 §6.4 */
  RST_STREAM: 0x3,
  /** RFC 9113 §6.5 */
  SETTINGS: 0x4,
  /** RFC 9113 §6.6 */
  PUSH_PROMISE: 0x5,
  /** RFC 9113 §6.7 */
  PING: 0x6,
  /** RFC 9113 §6.8 */
  GOAWAY: 0x7,
  /** RFC 9113 §6.9 */
  WINDOW_UPDATE: 0x8,
  /** RFC 9113 §6.10 */
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
  /** E flag: the dependency is exclusive (the top bit of the 32-bit field). */
  readonly exclusive: boolean;
  /** Stream this one depends on (31 bits, the E bit masked off); 0 is the root. */
  readonly dependency: number;
  /** Weight as sent on the wire (0-255; the RFC 7540 weight minus one). */
  readonly weight: number;
}

interface FrameBase {
  /** Stream identifier from the frame header (31 bits, reserved bit masked off); 0 for connection-level frames. */
  readonly streamId: number;
  /** All flag bits as received; unknown bits are kept but have no meaning (RFC 9113 §4.1). */
  readonly flags: number;
}

/** DATA (RFC 9113 §6.1). `data` excludes the Pad Length field and padding; `padLength` is 0 when not PADDED. */
export interface DataFrame extends FrameBase {
  /** Always {@link FrameType.DATA}. */
  readonly type: typeof FrameType.DATA;
  /** Application data, without the Pad Length octet and padding (when parsed, a view into the payload buffer). */
  readonly data: Uint8Array;
  /** Number of padding octets (the Pad Length field); 0 when the PADDED flag is not set. */
  readonly padLength: number;
}
/** HEADERS (§6.2); `fragment` is the field block fragment. */
export interface HeadersFrame extends FrameBase {
  /** Always {@link FrameType.HEADERS}. */
  readonly type: typeof FrameType.HEADERS;
  /** Field block fragment, without the padding and priority fields (when parsed, a view into the payload buffer). */
  readonly fragment: Uint8Array;
  /** Number of padding octets; 0 when the PADDED flag is not set. */
  readonly padLength: number;
  /** Priority fields when the PRIORITY flag is set, otherwise `null`. */
  readonly priority: PriorityFields | null;
}
/** PRIORITY (§6.3). */
export interface PriorityFrame extends FrameBase {
  /** Always {@link FrameType.PRIORITY}. */
  readonly type: typeof FrameType.PRIORITY;
  /** The stream dependency and weight carried by the frame. */
  readonly priority: PriorityFields;
}
/** RST_STREAM (§6.4). */
export interface RstStreamFrame extends FrameBase {
  /** Always {@link FrameType.RST_STREAM}. */
  readonly type: typeof FrameType.RST_STREAM;
  /** Error code (a 32-bit value, see {@link ErrorCode}) why the stream is reset. */
  readonly errorCode: number;
}
/** SETTINGS (§6.5): parameters in order, unknown identifiers included (the receiver ignores them). */
export interface SettingsFrame extends FrameBase {
  /** Always {@link FrameType.SETTINGS}. */
  readonly type: typeof FrameType.SETTINGS;
  /** `[identifier, value]` pairs in wire order (see {@link SettingId}); empty for an ACK. */
  readonly settings: ReadonlyArray<readonly [id: number, value: number]>;
}
/** PUSH_PROMISE (§6.6). */
export interface PushPromiseFrame extends FrameBase {
  /** Always {@link FrameType.PUSH_PROMISE}. */
  readonly type: typeof FrameType.PUSH_PROMISE;
  /** Stream identifier the sender reserves (31 bits, reserved bit masked off). */
  readonly promisedStreamId: number;
  /** Field block fragment of the promised request, without the padding (when parsed, a view into the payload buffer). */
  readonly fragment: Uint8Array;
  /** Number of padding octets; 0 when the PADDED flag is not set. */
  readonly padLength: number;
}
/** PING (§6.7): 8 opaque octets. */
export interface PingFrame extends FrameBase {
  /** Always {@link FrameType.PING}. */
  readonly type: typeof FrameType.PING;
  /** The 8 opaque octets, echoed back unchanged in the ACK. */
  readonly opaque: Uint8Array;
}
/** GOAWAY (§6.8). */
export interface GoAwayFrame extends FrameBase {
  /** Always {@link FrameType.GOAWAY}. */
  readonly type: typeof FrameType.GOAWAY;
  /** Highest stream identifier the sender might have processed (31 bits, reserved bit masked off). */
  readonly lastStreamId: number;
  /** Error code (a 32-bit value, see {@link ErrorCode}) giving the reason for closing the connection. */
  readonly errorCode: number;
  /** Additional debug data after the fixed fields, possibly empty (when parsed, a view into the payload buffer). */
  readonly debugData: Uint8Array;
}
/** WINDOW_UPDATE (§6.9). */
export interface WindowUpdateFrame extends FrameBase {
  /** Always {@link FrameType.WINDOW_UPDATE}. */
  readonly type: typeof FrameType.WINDOW_UPDATE;
  /** Window Size Increment in octets (31 bits, reserved bit masked off); 0 is an error checked by the handler. */
  readonly increment: number;
}
/** CONTINUATION (§6.10). */
export interface ContinuationFrame extends FrameBase {
  /** Always {@link FrameType.CONTINUATION}. */
  readonly type: typeof FrameType.CONTINUATION;
  /** Next field block fragment (the whole payload). */
  readonly fragment: Uint8Array;
}
/** A frame of an extension type (§5.5): kept only so that it can be ignored (or checked inside a field block). */
export interface UnknownFrame extends FrameBase {
  /** The unregistered frame type (any value not in {@link FrameType}). */
  readonly type: number;
  /** The raw payload, uninterpreted. */
  readonly payload: Uint8Array;
  /** Marks the frame as being of an unknown type; narrow with `'unknown' in frame`. */
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
  /** Payload length in octets (24 bits), excluding the 9-octet header. */
  length: number;
  /** Frame type octet (see {@link FrameType}); may be an unknown type. */
  type: number;
  /** Flag octet, all bits as received. */
  flags: number;
  /** Stream identifier (31 bits, reserved bit masked off); 0 for the connection. */
  streamId: number;
}
