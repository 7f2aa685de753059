/** @module The `tsgi` command. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConsoleLogger, isLogLevel, serve, ServerError } from '@tsgi/server';
import { CliError } from './errors.js';
import { loadApp } from './load-app.js';

const USAGE = `Usage: tsgi serve <module>[:export] [options]

Serve a TSGI app from a .ts or .js module (its default export, or "app", or the named export).

Options:
  --host <address>      address to bind (default 127.0.0.1)
  --port <number>       port to bind, 0 for any free port (default 8000)
  --root-path <path>    the prefix the app is mounted under (default "")
  --certfile <file>     serve HTTPS with this PEM certificate chain (needs --keyfile)
  --keyfile <file>      the PEM private key for --certfile
  --log-level <level>   error, warn, info, debug or silent (default info)
  --no-access-log       do not print a line per request
  -h, --help            show this help

Examples:
  tsgi serve packages/app-hello/src/app.ts
  tsgi serve ./app.js:myApp --port 3000
`;

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
        certfile: { type: 'string' },
        keyfile: { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
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

function readTls(certfile: string | undefined, keyfile: string | undefined): { cert: string; key: string } | undefined {
  if (certfile === undefined && keyfile === undefined) return undefined;
  if (certfile === undefined || keyfile === undefined) throw usageError('--certfile and --keyfile go together');
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError('TSGI_CLI_TLS', `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read(certfile), key: read(keyfile) };
}

async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw usageError('tsgi serve takes exactly one app module');
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw usageError(`--port must be 0..65535, got ${values.port}`);
  if (!isLogLevel(values['log-level'])) throw usageError(`--log-level must be error, warn, info, debug or silent`);
  const logger = createConsoleLogger(values['log-level']);
  const tls = readTls(values.certfile, values.keyfile);
  const app = await loadApp(positionals[0]!);
  const server = await serve(app, {
    host: values.host,
    port,
    rootPath: values['root-path'],
    logger,
    accessLog: values['access-log'] && !values['no-access-log'],
    handleSignals: true,
    ...(tls === undefined ? {} : { tls }),
  });
  for (const address of server.addresses) {
    const url = urlOf(tls === undefined ? 'http' : 'https', address.host, address.port);
    logger.info(`serving ${positionals[0]} on ${url} (reference server)`);
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
