/** @module What every connection of one server shares: the app, logging, rule warnings, lifespan state. */
import type { Application, State } from '@tsgi/spec';
import type { ResolvedGatewayOptions } from './options.js';
import type { RuleWarnings } from './app/rule-warnings.js';
import type { ServerInfo } from './stream/scope.js';
import type { StreamContext } from './stream/http-stream.js';

/** Shared by a server's listeners and sessions. */
export interface GatewayRuntime extends StreamContext, ServerInfo {
  /** The application being served. */
  readonly app: Application;
  /** The server's options with every default filled in. */
  readonly options: ResolvedGatewayOptions;
  /** Per-app warnings for broken response rules, each rule reported once. */
  readonly warnings: RuleWarnings;
  readonly state: State;
  /** Set once `close()` has begun: sessions finish their request in flight and close. */
  shuttingDown: boolean;
}
