/** @module @tsgi/cli — the `tsgi` command as a library (for tests and embedding). */
export { main } from './main.js';
export { loadApp, parseAppSpecifier } from './load-app.js';
export { CliError } from './errors.js';
