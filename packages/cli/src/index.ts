/**
 * The `tsgi` command as a library (for tests and embedding).
 *
 * @module @tsgi/cli
 */
export { main } from './main.js';
export { loadApp, parseAppSpecifier } from './load-app.js';
export { CliError } from './errors.js';
