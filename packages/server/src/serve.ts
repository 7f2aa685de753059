/** @module `serve(app, options)`: start the reference server (spec: SERVER-LAUNCHER). */
import { launch, type BoundAddress, type Listening, type Server } from '@tsgi/gateway';
import type { Application } from '@tsgi/spec';
import { resolveOptions, type ServeOptions } from './options.js';
import type { ServerRuntime } from './runtime.js';
import { Listener } from './transport/listener.js';

/** Binds every configured listener; if one fails, closes those already open and rethrows. */
async function openListeners(runtime: ServerRuntime): Promise<Listening> {
  const listeners: Listener[] = [];
  const addresses: BoundAddress[] = [];
  try {
    for (const entry of runtime.options.listen) {
      const listener = new Listener(runtime, entry.tls);
      addresses.push(await listener.listen(entry.host, entry.port));
      listeners.push(listener);
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
 * Runs lifespan startup, then listens: HTTP/1.1 and h2c on cleartext listeners, h2 and HTTP/1.1 by ALPN on TLS ones.
 * Rejects with `StartupFailedError` when the app fails to start, or `ListenError` when an address cannot be bound.
 */
export async function serve(app: Application, options: ServeOptions = {}): Promise<Server> {
  const resolved = resolveOptions(options);
  return launch(app, resolved, { options: resolved }, (runtime) => openListeners(runtime as ServerRuntime));
}
