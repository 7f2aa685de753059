/**
 * The hello app: 200 `Hello, World` for any method.
 *
 * @module @tsgi/app-hello
 */
export { app, default } from './app.js';
