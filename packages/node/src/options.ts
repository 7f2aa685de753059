/**
 * @module Options of `@tsgi/node`'s `serve()`: every option the reference server shares (`GatewayOptions`) and a
 * few limits of Node's own parsers, mapped onto `node:http` and `node:http2`.
 */
import type { Settings } from 'node:http2';
import { OptionsError, resolveGatewayOptions, type GatewayOptions, type ResolvedGatewayOptions } from '@tsgi/gateway';

/**
 * HTTP/2 limits, passed to `http2.createServer()`. Every field is optional; the defaults match the reference server
 * where Node has the same knob, and are safe where Node's own default is not (Node advertises no stream limit).
 */
export interface NodeH2Options {
  /**
   * SETTINGS we advertise (RFC 9113 §6.5.2). Defaults: `maxConcurrentStreams` 100, `initialWindowSize` 65535,
   * `maxHeaderListSize` 65536, `headerTableSize` 4096, `maxFrameSize` 16384; `enablePush` is always false.
   */
  settings?: Pick<Settings, 'headerTableSize' | 'maxConcurrentStreams' | 'initialWindowSize' | 'maxFrameSize' | 'maxHeaderListSize'>;
  /** Memory nghttp2 may use per session, in MB, before new streams are refused. Node's default: 10. */
  maxSessionMemory?: number;
  /** Most header fields accepted in one block (pseudo-headers included). Default 128, Node's default. */
  maxHeaderListPairs?: number;
  /** Streams we assume the peer allows before its SETTINGS arrive. Default 100, Node's default. */
  peerMaxConcurrentStreams?: number;
}

/** Options of {@link serve}: every shared option (see `GatewayOptions`) and Node's parser limits. All optional. */
export interface ServeOptions extends GatewayOptions {
  /**
   * HTTP/1.1: most bytes of a request head (request line and header fields together, Node's `maxHeaderSize`);
   * more is answered 431 (or 414 when the request line alone is too long). Default 16384, Node's default.
   */
  maxHeaderSize?: number;
  /** HTTP/2: the SETTINGS we advertise and nghttp2's limits. */
  h2?: NodeH2Options;
}

/** Options with every default filled in. */
export type ResolvedOptions = ResolvedGatewayOptions & {
  maxHeaderSize: number;
  h2: Required<Omit<NodeH2Options, 'settings'>> & { settings: Settings };
};

const H2_SETTINGS: Settings = {
  headerTableSize: 4096,
  maxConcurrentStreams: 100,
  initialWindowSize: 65535,
  maxFrameSize: 16384,
  maxHeaderListSize: 65536,
};

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new OptionsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** Fills defaults and rejects invalid values with an `OptionsError`. */
export function resolveOptions(options: ServeOptions = {}): ResolvedOptions {
  const h2 = options.h2 ?? {};
  return {
    ...resolveGatewayOptions(options),
    maxHeaderSize: positiveInt('maxHeaderSize', options.maxHeaderSize, 16384),
    h2: {
      // enablePush false: a server never receives pushes and never sends them here (RFC 9113 §8.4).
      settings: { ...H2_SETTINGS, ...h2.settings, enablePush: false },
      maxSessionMemory: positiveInt('h2.maxSessionMemory', h2.maxSessionMemory, 10),
      maxHeaderListPairs: positiveInt('h2.maxHeaderListPairs', h2.maxHeaderListPairs, 128),
      peerMaxConcurrentStreams: positiveInt('h2.peerMaxConcurrentStreams', h2.peerMaxConcurrentStreams, 100),
    },
  };
}
