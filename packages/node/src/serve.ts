/** @module `serve(app, options)`: start `@tsgi/node` (spec: SERVER-LAUNCHER). */
import { launch, openListeners, type Server } from '@tsgi/gateway';
import type { Application } from '@tsgi/spec';
import { NodeListener } from './listeners.js';
import { resolveOptions, type ServeOptions } from './options.js';
import type { NodeRuntime } from './runtime.js';

/**
 * Runs lifespan startup, then listens: HTTP/1.1 and h2c (prior knowledge) on cleartext listeners, h2 and HTTP/1.1
 * by ALPN on TLS ones, all on Node's `node:http` and `node:http2`. The same options and `Server` as the reference
 * server's `serve()`, plus Node's parser limits (see {@link ServeOptions}). Rejects with `StartupFailedError` when
 * the app fails to start, `ListenError` when an address cannot be bound, `OptionsError` for invalid options.
 */
export async function serve(app: Application, options: ServeOptions = {}): Promise<Server> {
  const resolved = resolveOptions(options);
  return launch(app, resolved, { options: resolved }, (runtime) =>
    openListeners(resolved.listen, (entry) => new NodeListener(runtime as NodeRuntime, entry)),
  );
}
