/** @module What every connection of the reference server shares: the gateway runtime and the protocol options. */
import type { GatewayRuntime } from '@tsgi/gateway';
import type { ResolvedOptions } from './options.js';

/** Shared by the listeners and their sessions. */
export interface ServerRuntime extends GatewayRuntime {
  readonly options: ResolvedOptions;
}
