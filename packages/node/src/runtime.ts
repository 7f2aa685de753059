/** @module What every connection of `@tsgi/node` shares: the gateway runtime and the resolved options. */
import type { GatewayRuntime } from '@tsgi/gateway';
import type { ResolvedOptions } from './options.js';

/** Shared by the listeners and their request ports. */
export interface NodeRuntime extends GatewayRuntime {
  readonly options: ResolvedOptions;
}
