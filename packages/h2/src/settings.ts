/**
 * @module settings
 * SETTINGS parameters (RFC 9113 §6.5.2), our advertised values, the peer's values, and the
 * validity rules for each with the error code an invalid value calls for.
 */
import { ErrorCode } from './error-codes.js';
import { H2ConnectionError, H2LocalError } from './errors.js';

/** SETTINGS parameter identifiers (RFC 9113 §6.5.2; 0x8 from RFC 8441, 0x9 from RFC 9218). */
export const SettingId = {
  /** SETTINGS_HEADER_TABLE_SIZE, RFC 9113 §6.5.2 (initial 4096). */
  HEADER_TABLE_SIZE: 0x1,
  /** SETTINGS_ENABLE_PUSH, RFC 9113 §6.5.2 (0 or 1; this server does not send it). */
  ENABLE_PUSH: 0x2,
  /** SETTINGS_MAX_CONCURRENT_STREAMS, RFC 9113 §6.5.2 (initially unlimited). */
  MAX_CONCURRENT_STREAMS: 0x3,
  /** SETTINGS_INITIAL_WINDOW_SIZE, RFC 9113 §6.5.2 (initial 65535). */
  INITIAL_WINDOW_SIZE: 0x4,
  /** SETTINGS_MAX_FRAME_SIZE, RFC 9113 §6.5.2 (initial 16384). */
  MAX_FRAME_SIZE: 0x5,
  /** SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 §6.5.2 (initially unlimited). */
  MAX_HEADER_LIST_SIZE: 0x6,
  /** SETTINGS_ENABLE_CONNECT_PROTOCOL, RFC 8441 §3 (0 or 1). */
  ENABLE_CONNECT_PROTOCOL: 0x8,
  /** SETTINGS_NO_RFC7540_PRIORITIES, RFC 9218 §2.1 (0 or 1). */
  NO_RFC7540_PRIORITIES: 0x9,
} as const;

/** The largest flow-control window, 2^31-1 (RFC 9113 §6.9.1). */
export const MAX_WINDOW_SIZE = 0x7fffffff;
/** Initial window of every stream and of the connection before SETTINGS (RFC 9113 §6.9.2). */
export const DEFAULT_WINDOW_SIZE = 65535;
/** Smallest allowed SETTINGS_MAX_FRAME_SIZE, also its initial value (RFC 9113 §6.5.2). */
export const MIN_MAX_FRAME_SIZE = 16384;
/** Largest allowed SETTINGS_MAX_FRAME_SIZE, 2^24-1 (RFC 9113 §6.5.2). */
export const MAX_MAX_FRAME_SIZE = 16777215;

/** The settings WE advertise as a server (sent by `initiate()`). */
export interface H2Settings {
  /** SETTINGS_HEADER_TABLE_SIZE: our HPACK decoder's dynamic table bound. Default 4096. */
  headerTableSize: number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS; more open streams are refused (REFUSED_STREAM, §5.1.2). Default 100. */
  maxConcurrentStreams: number;
  /** SETTINGS_INITIAL_WINDOW_SIZE: each stream's receive window. Default 65535. */
  initialWindowSize: number;
  /** SETTINGS_MAX_FRAME_SIZE: largest frame payload we accept. Default 16384. */
  maxFrameSize: number;
  /** SETTINGS_MAX_HEADER_LIST_SIZE, counted as §6.5.2 does (name + value + 32 per field). Default 65536. */
  maxHeaderListSize: number;
}

/** Our default settings. Frozen. */
export const DEFAULT_SETTINGS: Readonly<H2Settings> = Object.freeze({
  headerTableSize: 4096,
  maxConcurrentStreams: 100,
  initialWindowSize: DEFAULT_WINDOW_SIZE,
  maxFrameSize: MIN_MAX_FRAME_SIZE,
  maxHeaderListSize: 65536,
});

/** What we know of the peer's settings; starts at the RFC 9113 §6.5.2 initial values. */
export interface PeerSettings {
  headerTableSize: number;
  enablePush: boolean;
  maxConcurrentStreams: number;
  initialWindowSize: number;
  maxFrameSize: number;
  /** Advisory; `Infinity` until the peer sends one. */
  maxHeaderListSize: number;
}

/** The initial values of RFC 9113 §6.5.2, which apply until the peer's SETTINGS arrive. */
export function initialPeerSettings(): PeerSettings {
  return {
    headerTableSize: 4096,
    enablePush: true,
    maxConcurrentStreams: Infinity,
    initialWindowSize: DEFAULT_WINDOW_SIZE,
    maxFrameSize: MIN_MAX_FRAME_SIZE,
    maxHeaderListSize: Infinity,
  };
}

const RANGES: Record<keyof H2Settings, readonly [number, number]> = {
  headerTableSize: [0, 0xffffffff],
  maxConcurrentStreams: [0, 0xffffffff],
  initialWindowSize: [0, MAX_WINDOW_SIZE],
  maxFrameSize: [MIN_MAX_FRAME_SIZE, MAX_MAX_FRAME_SIZE],
  maxHeaderListSize: [0, 0xffffffff],
};

/** Fills `partial` from {@link DEFAULT_SETTINGS}; throws {@link H2LocalError} for a value the RFC forbids. */
export function resolveSettings(partial?: Partial<H2Settings>): H2Settings {
  const out: H2Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(RANGES) as (keyof H2Settings)[]) {
    const v = partial?.[key];
    if (v === undefined) continue;
    const [min, max] = RANGES[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new H2LocalError('H2_LOCAL_INVALID_OPTION', `settings.${key} must be an integer in [${min}, ${max}]`);
    }
    out[key] = v;
  }
  return out;
}

/** The SETTINGS parameters that advertise `s` (ENABLE_PUSH omitted: a server "MAY choose to omit", §6.5.2). */
export function settingsPayload(s: H2Settings): Array<[number, number]> {
  return [
    [SettingId.HEADER_TABLE_SIZE, s.headerTableSize],
    [SettingId.MAX_CONCURRENT_STREAMS, s.maxConcurrentStreams],
    [SettingId.INITIAL_WINDOW_SIZE, s.initialWindowSize],
    [SettingId.MAX_FRAME_SIZE, s.maxFrameSize],
    [SettingId.MAX_HEADER_LIST_SIZE, s.maxHeaderListSize],
  ];
}

/**
 * Applies one received parameter to `peer`, checking it first. Unknown identifiers are ignored ("An endpoint that
 * receives a SETTINGS frame with any unknown or unsupported identifier MUST ignore that setting", §6.5.2).
 * Throws {@link H2ConnectionError} for an invalid value.
 */
export function applyPeerSetting(peer: PeerSettings, id: number, value: number): void {
  switch (id) {
    case SettingId.HEADER_TABLE_SIZE:
      peer.headerTableSize = value;
      return;
    case SettingId.ENABLE_PUSH:
      // §6.5.2: "Any value other than 0 or 1 MUST be treated as a connection error of type PROTOCOL_ERROR."
      if (value > 1) throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH ${value}`);
      peer.enablePush = value === 1;
      return;
    case SettingId.MAX_CONCURRENT_STREAMS:
      peer.maxConcurrentStreams = value;
      return;
    case SettingId.INITIAL_WINDOW_SIZE:
      // §6.5.2: "Values above the maximum flow-control window size of 2^31-1 MUST be treated as a connection error
      // of type FLOW_CONTROL_ERROR."
      if (value > MAX_WINDOW_SIZE) {
        throw new H2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, `SETTINGS_INITIAL_WINDOW_SIZE ${value}`);
      }
      peer.initialWindowSize = value;
      return;
    case SettingId.MAX_FRAME_SIZE:
      // §6.5.2: "Values outside this range MUST be treated as a connection error of type PROTOCOL_ERROR."
      if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
        throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value}`);
      }
      peer.maxFrameSize = value;
      return;
    case SettingId.MAX_HEADER_LIST_SIZE:
      peer.maxHeaderListSize = value;
      return;
    case SettingId.ENABLE_CONNECT_PROTOCOL:
    case SettingId.NO_RFC7540_PRIORITIES:
      // RFC 8441 §3 and RFC 9218 §2.1: values other than 0 or 1 are a connection error of type PROTOCOL_ERROR.
      if (value > 1) throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS 0x${id.toString(16)} = ${value}`);
      return;
    default:
      return;
  }
}
