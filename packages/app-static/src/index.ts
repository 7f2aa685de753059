/**
 * A static file server written only against the TSGI contract: traversal-safe paths,
 * ETag and Last-Modified validators, conditional requests, single byte ranges, precompressed siblings.
 *
 * @module @tsgi/app-static
 */
export { staticFiles } from './static-files.js';
export type { StaticFilesOptions } from './options.js';
export type { EtagMode } from './validators.js';
export type { DotfilesPolicy } from './request-path.js';
export { PATHSEND } from './send-file.js';
