/** @module What every connection of one server shares: the app, resolved options, logging, lifespan state. */
import type { Application, State } from '@tsgi/spec';
import type { ResolvedOptions } from './options.js';
import type { RuleWarnings } from './app/rule-warnings.js';
import type { ServerInfo } from './stream/scope.js';
import type { StreamContext } from './stream/http-stream.js';

/** Shared by the listener and its sessions. */
export interface ServerRuntime extends StreamContext, ServerInfo {
  readonly app: Application;
  readonly options: ResolvedOptions;
  readonly warnings: RuleWarnings;
  readonly state: State;
  /** Set once `close()` has begun: sessions finish their request in flight and close. */
  shuttingDown: boolean;
}
