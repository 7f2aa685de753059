/**
 * The demo composition, and `mount()` for composing apps under path prefixes.
 *
 * @module @tsgi/app-demo
 */
export { app, default } from './app.js';
export { mount, type Mount } from './mount.js';
