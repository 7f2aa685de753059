/**
 * @module A test stand-in for a proxy with `send-proxy`: a TCP relay that writes a PROXY protocol header and the
 * client's first bytes to the server in one write (so the server sees the header and, e.g., a TLS ClientHello in
 * one chunk), then pipes both ways.
 */
import { connect, createServer, type Socket } from 'node:net';

/** A running relay. */
export interface Relay {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1:0 to `target` that prefixes every connection with `header`. */
export async function prependingRelay(header: Uint8Array, target: { port: number } | { path: string }): Promise<Relay> {
  const sockets = new Set<Socket>();
  const track = (s: Socket): Socket => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => {});
    return s;
  };
  const relay = createServer((client) => {
    track(client);
    client.once('data', (first: Buffer) => {
      client.pause();
      const upstream = track('port' in target ? connect({ host: '127.0.0.1', port: target.port }) : connect({ path: target.path }));
      upstream.once('connect', () => {
        upstream.write(Buffer.concat([header, first]));
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
}
