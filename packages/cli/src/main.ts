/** @module The `tsgi` command. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve as serveNode } from '@tsgi/node';
import { createConsoleLogger, isLogLevel, serve as serveReference, ServerError, type Logger } from '@tsgi/server';
import { CliError } from './errors.js';
import { loadApp } from './load-app.js';
import { selfSignedCertificate, trustHint } from './self-signed.js';

const USAGE = `Usage: tsgi serve <module>[:export] [options]

Serve a TSGI app from a .ts or .js module (its default export, or "app", or the named export).

Options:
  --host <address>      address to bind (default 127.0.0.1)
  --port <number>       port to bind, 0 for any free port (default 8000)
  --root-path <path>    the prefix the app is mounted under (default "")
  --tls-cert <file>     also serve HTTPS (h2 and HTTP/1.1) with this PEM certificate chain
  --tls-key <file>      the PEM private key for --tls-cert
  --self-signed         also serve HTTPS with a cached self-signed certificate for localhost
  --tls-port <number>   port of the HTTPS listener (default 8443)
  --server <name>       reference (our own HTTP/1.1 and HTTP/2 cores, the default) or node
                        (Node's node:http and node:http2); the same app runs on either
  --log-level <level>   error, warn, info, debug or silent (default info)
  --no-access-log       do not print a line per request
  -h, --help            show this help

Examples:
  tsgi serve packages/app-hello/src/app.ts --self-signed
  tsgi serve ./app.js:myApp --port 3000
`;

/** The servers `--server` picks from; both take the same options (spec: SERVER-LAUNCHER). */
const SERVERS: Record<string, typeof serveReference | undefined> = { reference: serveReference, node: serveNode };

function usageError(message: string): CliError {
  return new CliError('TSGI_CLI_USAGE', `${message}\n\n${USAGE}`);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8000' },
        'root-path': { type: 'string', default: '' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-port': { type: 'string', default: '8443' },
        'self-signed': { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
        server: { type: 'string', default: 'reference' },
        'access-log': { type: 'boolean', default: true },
        'no-access-log': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

function urlOf(scheme: string, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function parsePort(option: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw usageError(`${option} must be 0..65535, got ${value}`);
  return port;
}

async function tlsOptions(
  certFile: string | undefined,
  keyFile: string | undefined,
  selfSigned: boolean,
  logger: Logger,
): Promise<{ cert: string; key: string } | undefined> {
  if (selfSigned) {
    if (certFile !== undefined || keyFile !== undefined) throw usageError('--self-signed replaces --tls-cert and --tls-key');
    const made = await selfSignedCertificate();
    logger.info(made.created ? `made a self-signed certificate: ${made.certPath}` : `using ${made.certPath}`);
    logger.info(trustHint(made.certPath));
    return { cert: made.cert, key: made.key };
  }
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) throw usageError('--tls-cert and --tls-key go together');
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError('TSGI_CLI_TLS', `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read(certFile), key: read(keyFile) };
}

async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw usageError('tsgi serve takes exactly one app module');
  const port = parsePort('--port', values.port);
  const tlsPort = parsePort('--tls-port', values['tls-port']);
  if (!isLogLevel(values['log-level'])) throw usageError(`--log-level must be error, warn, info, debug or silent`);
  const serve = SERVERS[values.server];
  if (serve === undefined) throw usageError(`--server must be ${Object.keys(SERVERS).join(' or ')}, got ${values.server}`);
  const logger = createConsoleLogger(values['log-level']);
  const tls = await tlsOptions(values['tls-cert'], values['tls-key'], values['self-signed'], logger);
  const app = await loadApp(positionals[0]!);
  const server = await serve(app, {
    listen: [{ host: values.host, port }, ...(tls === undefined ? [] : [{ host: values.host, port: tlsPort, tls }])],
    rootPath: values['root-path'],
    logger,
    accessLog: values['access-log'] && !values['no-access-log'],
    handleSignals: true,
  });
  for (const address of server.addresses) {
    const url = urlOf(address.tls ? 'https' : 'http', address.host, address.port);
    const protocols = address.tls ? 'h2 and HTTP/1.1 by ALPN' : 'HTTP/1.1 and h2c';
    logger.info(`serving ${positionals[0]} on ${url} (${values.server} server, ${protocols})`);
  }
  await server.closed;
  logger.info('stopped');
  return 0;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw usageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof CliError || error instanceof ServerError) {
      process.stderr.write(`tsgi: ${error.message}\n`);
      return error instanceof CliError && error.code === 'TSGI_CLI_USAGE' ? 2 : 1;
    }
    throw error;
  }
}
