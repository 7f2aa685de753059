/** @module Small helpers shared by the docs tests: the two servers, and plain HTTP requests with node:http. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { serve as serveNode } from '@tsgi/node';
import { serve as serveReference, silentLogger, type Server } from '@tsgi/server';
import type { Application } from '@tsgi/spec';

/** Both servers of the repository, by name: every sample must run unchanged on each. */
export const SERVERS = { reference: serveReference, node: serveNode } as const;

/** Starts `app` on a free port of 127.0.0.1 with `serve`, silently; returns the server and its base URL. */
export async function start(serve: typeof serveReference, app: Application): Promise<{ server: Server; base: string }> {
  const server = await serve(app, { host: '127.0.0.1', port: 0, logger: silentLogger });
  const { host, port } = server.addresses[0]!;
  return { server, base: `http://${host}:${port}` };
}

/** What {@link get} saw. */
export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly trailers: NodeJS.Dict<string>;
  /** Status codes of the 1xx responses before the final one. */
  readonly informational: number[];
}

/** One HTTP/1.1 request with node:http (fetch would hide 1xx responses and trailers). */
export function get(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const informational: number[] = [];
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), trailers: res.trailers, informational }));
    });
    req.on('information', (info) => informational.push(info.statusCode));
    req.on('error', reject);
    req.end(options.body);
  });
}
