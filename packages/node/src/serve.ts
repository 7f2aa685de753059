/** @module `serve(app, options)`: start `@tsgi/node` (spec: SERVER-LAUNCHER). */
import { launch, type BoundAddress, type Listening, type Server } from '@tsgi/gateway';
import type { Application } from '@tsgi/spec';
import { NodeListener } from './listeners.js';
import { resolveOptions, type ServeOptions } from './options.js';
import type { NodeRuntime } from './runtime.js';

/** Binds every configured listener; if one fails, closes those already open and rethrows. */
async function openListeners(runtime: NodeRuntime): Promise<Listening> {
  const listeners: NodeListener[] = [];
  const addresses: BoundAddress[] = [];
  try {
    for (const entry of runtime.options.listen) {
      const listener = new NodeListener(runtime, entry.tls);
      listeners.push(listener);
      addresses.push(await listener.listen(entry.host, entry.port));
    }
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.close(0)));
    throw error;
  }
  return {
    addresses,
    close: async (timeoutMs) => void (await Promise.all(listeners.map((listener) => listener.close(timeoutMs)))),
  };
}

/**
 * Runs lifespan startup, then listens: HTTP/1.1 and h2c (prior knowledge) on cleartext listeners, h2 and HTTP/1.1
 * by ALPN on TLS ones, all on Node's `node:http` and `node:http2`. The same options and `Server` as the reference
 * server's `serve()`, plus Node's parser limits (see {@link ServeOptions}). Rejects with `StartupFailedError` when
 * the app fails to start, `ListenError` when an address cannot be bound, `OptionsError` for invalid options.
 */
export async function serve(app: Application, options: ServeOptions = {}): Promise<Server> {
  const resolved = resolveOptions(options);
  return launch(app, resolved, { options: resolved }, (runtime) => openListeners(runtime as NodeRuntime));
}
