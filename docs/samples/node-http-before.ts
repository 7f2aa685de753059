import type { IncomingMessage, ServerResponse } from 'node:http';

/** A node:http handler: greets by the `name` query parameter and echoes the posted body's length. */
export function handler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let size = 0;
  req.on('data', (chunk: Buffer) => (size += chunk.length));
  req.on('end', () => {
    const text = `hello ${url.searchParams.get('name') ?? 'world'}, ${size} bytes\n`;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  });
}
