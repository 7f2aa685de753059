/** @module Options of the reference server's `serve()`: the shared ones plus its protocol cores' limits. */
import { resolveGatewayOptions, type GatewayOptions, type ResolvedGatewayOptions } from '@tsgi/gateway';
import type { H1Limits } from '@tsgi/h1';
import type { H2ServerOptions } from '@tsgi/h2';

/** Options of {@link serve}: every shared option (see `GatewayOptions`) and the protocol limits. All optional. */
export interface ServeOptions extends GatewayOptions {
  /** HTTP/1.1 parser limits (request line 8 KiB → 414, header bytes 16 KiB and 100 fields → 431, body 1 GiB → 413). */
  limits?: Partial<H1Limits>;
  /** HTTP/2: the SETTINGS we advertise and the denial-of-service limits (each has a safe default). */
  h2?: H2ServerOptions;
}

/** Options with every default filled in. */
export type ResolvedOptions = ResolvedGatewayOptions & { limits: Partial<H1Limits>; h2: H2ServerOptions };

/** Fills defaults and rejects invalid values with an `OptionsError`. */
export function resolveOptions(options: ServeOptions = {}): ResolvedOptions {
  return { ...resolveGatewayOptions(options), limits: options.limits ?? {}, h2: options.h2 ?? {} };
}
