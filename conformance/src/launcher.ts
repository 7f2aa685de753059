/**
 * @module A {@link Target} for any server that follows the launcher convention (spec: SERVER-LAUNCHER):
 * `serve(app, options) => Promise<{ addresses, close() }>` with `listen: [{ host, port, tls? }]`.
 */
import type { Application } from '@tsgi/spec';
import type { Protocol, SkipEntry, Target } from './types.js';

/** One bound address as a launcher reports it. */
export interface LaunchedAddress {
  /** The bound address, as the launcher reports it. */
  readonly host: string;
  /** The bound port (the real one: the suite asks for port 0). */
  readonly port: number;
  /** Whether the listener speaks TLS. */
  readonly tls?: boolean;
}

/** What a launcher's `serve()` resolves to. */
export interface LaunchedServer {
  /** The bound listeners, in the order of the `listen` option. */
  readonly addresses: readonly LaunchedAddress[];
  /** Graceful shutdown; settles when the server has stopped. */
  close(): Promise<void>;
}

/** A launcher's `serve()`. Options are the launcher's own; the suite passes the ones in `TargetStartOptions`. */
export type ServeFunction = (app: Application, options: never) => Promise<LaunchedServer>;

/** Options of {@link launcherTarget}. */
export interface LauncherTargetOptions {
  /** Protocols the server speaks. Default: all. */
  readonly protocols?: readonly Protocol[];
  /** Scenarios not to run, each with a reason. */
  readonly skip?: readonly SkipEntry[];
  /** More options passed to every `serve()` call (after the suite's own). */
  readonly serveOptions?: Readonly<Record<string, unknown>>;
  /** Host to bind. Default `127.0.0.1`. */
  readonly host?: string;
}

/**
 * A target that starts `serve(app, { ...startOptions, listen: [cleartext, tls] })`: one cleartext listener (HTTP/1.1
 * and h2c) and one TLS listener with the suite's certificate (h2 and http/1.1 by ALPN), both on free ports.
 */
export function launcherTarget(name: string, serve: ServeFunction, options: LauncherTargetOptions = {}): Target {
  const host = options.host ?? '127.0.0.1';
  return {
    name,
    ...(options.protocols ? { protocols: options.protocols } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    async start(app, { tls, ...rest }) {
      const listen = [{ host, port: 0 }, { host, port: 0, tls: { cert: tls.cert, key: tls.key } }];
      const serveOptions = { ...rest, ...options.serveOptions, listen };
      const server = await (serve as (app: Application, options: unknown) => Promise<LaunchedServer>)(app, serveOptions);
      const clear = server.addresses.find((a) => !a.tls);
      const secure = server.addresses.find((a) => a.tls);
      return {
        ...(clear ? { h1: { host: clear.host, port: clear.port } } : {}),
        ...(secure ? { tls: { host: secure.host, port: secure.port, ca: tls.cert } } : {}),
        close: () => server.close(),
      };
    },
  };
}
