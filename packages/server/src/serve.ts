/** @module `serve(app, options)`: start the reference server (spec: SERVER-LAUNCHER). */
import { launch, openListeners, type Server } from '@tsgi/gateway';
import type { Application } from '@tsgi/spec';
import { resolveOptions, type ServeOptions } from './options.js';
import type { ServerRuntime } from './runtime.js';
import { Listener } from './transport/listener.js';

/**
 * Runs lifespan startup, then listens: HTTP/1.1 and h2c on cleartext listeners, h2 and HTTP/1.1 by ALPN on TLS ones.
 * Rejects with `StartupFailedError` when the app fails to start, or `ListenError` when an address cannot be bound.
 */
export async function serve(app: Application, options: ServeOptions = {}): Promise<Server> {
  const resolved = resolveOptions(options);
  return launch(app, resolved, { options: resolved }, (runtime) =>
    openListeners(resolved.listen, (entry) => new Listener(runtime as ServerRuntime, entry)),
  );
}
