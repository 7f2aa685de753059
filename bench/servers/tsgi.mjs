// @ts-check
/**
 * @module Launcher of a TSGI server under test: `--server reference|node --app hello|static --port P --tls-port T
 * [--root DIR]`. Cleartext P serves HTTP/1.1 and h2c (prior knowledge), T serves h2 and HTTP/1.1 by ALPN over TLS.
 * It imports the built dist of the packages (run `npm run build` first), as a user of the packages would, and only
 * the server and the app it runs, so the RSS at start is that server's own.
 */
import { silentLogger } from '@tsgi/gateway';
import { IDLE_MS, onSignals, parseArgs, testCert } from './args.mjs';

const args = parseArgs();
const { serve } =
  args.server === 'node' ? await import('@tsgi/node') : args.server === 'reference' ? await import('@tsgi/server') : {};
if (!serve) throw new Error(`--server must be reference or node, got ${args.server}`);
const app = args.app === 'static' ? (await import('@tsgi/app-static')).staticFiles(args.root ?? '.') : (await import('@tsgi/app-hello')).app;

const server = await serve(app, {
  listen: [
    { host: '127.0.0.1', port: Number(args.port) },
    { host: '127.0.0.1', port: Number(args['tls-port']), tls: testCert() },
  ],
  logger: silentLogger,
  keepAliveTimeout: IDLE_MS,
  shutdownTimeout: 1000, // SIGTERM between runs should not wait 10 s for idle load-generator connections
});
onSignals(() => server.close());
