/** @module The `tsgi` command: picks the subcommand and reports its errors in one line. */
import { ServerError } from '@tsgi/server';
import { configCommand } from './config-command.js';
import { CliError } from './errors.js';
import { serveCommand } from './serve-command.js';
import { usage } from './usage.js';

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest);
      case 'config':
        return await configCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(usage());
        return command === undefined ? 2 : 0;
      default:
        throw new CliError('TSGI_CLI_USAGE', `unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof CliError && error.code === 'TSGI_CLI_USAGE') {
      // A usage error is followed by the help, as the user is likely unsure of the options.
      process.stderr.write(`tsgi: ${error.message}\n\n${usage()}`);
      return 2;
    }
    if (error instanceof CliError || error instanceof ServerError) {
      process.stderr.write(`tsgi: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
