import { serve, type Server } from '@tsgi/server';
import { app } from './hello.js';

/**
 * One process, two listeners: cleartext (HTTP/1.1 and h2c) and TLS (h2 and HTTP/1.1 by ALPN). `cert` and `key`
 * are PEM text, e.g. from `readFileSync('/etc/ssl/example.pem', 'utf8')`. Port 0 picks free ports; the real
 * ones are in `server.addresses`.
 */
export async function start(cert: string, key: string, ports = { http: 0, https: 0 }): Promise<Server> {
  const server = await serve(app, {
    host: '127.0.0.1',
    listen: [{ port: ports.http }, { port: ports.https, tls: { cert, key } }],
    handleSignals: false, // a real deployment sets true: SIGTERM then drains in-flight requests and exits
  });
  return server;
}
