/** @module `tsgi serve`: resolve the settings, load the app and the certificate, serve until a signal. */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { serve as serveNode } from '@tsgi/node';
import { createConsoleLogger, serve as serveReference, silentLogger, ServerError, type BoundAddress, type Logger, type TlsOptions } from '@tsgi/server';
import type { Application } from '@tsgi/spec';
import { readCommandLine, usageError } from './command-line.js';
import { CliError } from './errors.js';
import { loadApp } from './load-app.js';
import { loadSettings } from './load-settings.js';
import type { Settings } from './options.js';
import { selfSignedCertificate, trustHint } from './self-signed.js';
import { buildServeOptions, tlsSourceOf, type TlsSource } from './serve-options.js';
import { usage } from './usage.js';

/** The servers `--server` picks from; both take the same options (spec: SERVER-LAUNCHER). */
const SERVERS: Record<Settings['server'], typeof serveReference> = { reference: serveReference, node: serveNode };

/** The logger of `--log-format`; pino is loaded only for `json`. */
async function createLogger(values: Settings): Promise<Logger> {
  if (values.logFormat === 'text') return createConsoleLogger(values.logLevel);
  const { createJsonLogger } = await import('./json-logger.js');
  return createJsonLogger(values.logLevel);
}

async function readTls(source: TlsSource, logger: Logger): Promise<TlsOptions | null> {
  if (source === null) return null;
  if (source.kind === 'self-signed') {
    const made = await selfSignedCertificate();
    logger.info(made.created ? `made a self-signed certificate: ${made.certPath}` : `using ${made.certPath}`);
    logger.info(trustHint(made.certPath));
    return { cert: made.cert, key: made.key };
  }
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError('TSGI_CLI_TLS', `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read(source.cert), key: read(source.key) };
}

/** What the cluster primary passes to `serve()`: it never calls the app (its workers load the module themselves). */
const appInWorkersOnly: Application = async () => {
  throw new Error('the cluster primary runs no app code');
};

/** Where a listener is, for the start-up message: a URL, a Unix socket, or an inherited descriptor. */
function whereOf(address: BoundAddress): string {
  const scheme = address.tls ? 'https' : 'http';
  if (address.path !== null) return `${scheme}+unix:${address.path}`;
  const url = `${scheme}://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  return address.fd !== null ? `fd://${address.fd} (${url})` : url;
}

/**
 * Runs `tsgi serve` with `argv` (after `serve`); resolves to the exit code once the server has stopped.
 *
 * @throws {CliError} for bad options or an app that cannot be loaded; `ServerError` when serving fails to start.
 */
export async function serveCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  const cli = readCommandLine(argv, ['help']);
  if (cli.flags.has('help')) {
    process.stdout.write(usage());
    return 0;
  }
  const { values, warnings } = await loadSettings(cli, env, cwd);
  if (values.app === null) throw usageError('tsgi serve takes exactly one app module (or `app` in the config file)');
  const tlsSource = tlsSourceOf(values);
  const logger = await createLogger(values);
  // A cluster worker runs this command again: what the primary has said already is not repeated.
  const announce = !cluster.isWorker;
  if (announce) for (const warning of warnings) logger.warn(warning);
  try {
    // The primary makes (or finds) the self-signed certificate before forking, so workers only read it.
    const tls = await readTls(tlsSource, announce ? logger : silentLogger);
    // The cluster primary runs no app code (spec SERVER-WORKERS): it never imports the module, its workers do.
    const primary = values.workers > 1 && cluster.isPrimary;
    const app = primary ? appInWorkersOnly : await loadApp(values.app, cwd);
    const server = await SERVERS[values.server](app, { ...buildServeOptions(values, tls), logger });
    if (announce) {
      for (const address of server.addresses) {
        const protocols = address.tls ? 'h2 and HTTP/1.1 by ALPN' : 'HTTP/1.1 and h2c';
        const processes = primary ? `, ${values.workers} workers` : '';
        logger.info(`serving ${values.app} on ${whereOf(address)} (${values.server} server, ${protocols}${processes})`);
      }
    }
    await server.closed;
  } catch (error) {
    // With JSON logs every stderr line is JSON, the reason the command stops included (main writes text).
    if (values.logFormat === 'json' && (error instanceof CliError || error instanceof ServerError)) {
      logger.error(error.message);
      return 1;
    }
    throw error;
  }
  if (announce) logger.info('stopped');
  return 0;
}
