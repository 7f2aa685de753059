/** @module The help text of `tsgi`, with one line per option from the option table. */
import { flagOf, OPTION_KEYS, OPTIONS, type Settings } from './options.js';

const FLAG_WIDTH = 31;

function defaultText(key: keyof Settings): string {
  const value = OPTIONS[key].default;
  if (value === null || value === '' || typeof value === 'boolean' || (Array.isArray(value) && value.length === 0)) return '';
  return ` (default ${String(value)})`;
}

/** One help line: the flag as typed (`--no-x` for an option on by default), its argument, help and default. */
function optionLine(key: keyof Settings): string {
  const option = OPTIONS[key];
  const flag = option.default === true ? `--no-${flagOf(key).slice(2)}` : flagOf(key);
  const left = `  ${flag}${option.arg === undefined ? '' : ` ${option.arg}`}`;
  const help = `${option.help}${defaultText(key)}`;
  return left.length < FLAG_WIDTH ? left.padEnd(FLAG_WIDTH) + help : `${left}\n${' '.repeat(FLAG_WIDTH)}${help}`;
}

/** The text `tsgi --help` prints. */
export function usage(): string {
  const lines = OPTION_KEYS.filter((key) => !OPTIONS[key].positional).map(optionLine);
  return `Usage: tsgi serve <module>[:export] [options]
       tsgi config [<module>[:export]] [options] [--json]

Serve a TSGI app from a .ts or .js module (its default export, or "app", or the named export).
\`tsgi config\` prints the effective options and where each came from (--json: as JSON).

Options:
${lines.join('\n')}
${'  -h, --help'.padEnd(FLAG_WIDTH)}show this help

Every option can also be set by an environment variable, TSGI_ and the option in upper snake case
(TSGI_PORT=9000, TSGI_TRUSTED_PROXY=10.0.0.0/8,::1), or in a config file: tsgi.config.ts (or .js, .mjs) in the
current directory, or --config FILE, exporting the options in camelCase:
  export default defineConfig({ app: 'src/app.ts', workers: 2, bind: ['0.0.0.0:8000'] });
The command line wins over the environment, which wins over the config file.

Examples:
  tsgi serve packages/app-hello/src/app.ts --self-signed
  tsgi serve ./app.js:myApp --port 3000
  tsgi serve app.ts --bind 0.0.0.0:8000 --bind unix:/run/tsgi.sock --workers 4 --log-format json
  npm start -- --workers 2       (in this repository: the demo app, over --self-signed HTTPS too)
`;
}
