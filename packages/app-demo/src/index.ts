/** @module @tsgi/app-demo — the demo composition, and `mount()` for composing apps under path prefixes. */
export { app, default } from './app.js';
export { mount, type Mount } from './mount.js';
