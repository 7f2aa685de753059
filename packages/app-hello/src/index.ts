/** @module @tsgi/app-hello */
export { app, default } from './app.js';
