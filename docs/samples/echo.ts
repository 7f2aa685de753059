import type { Application, HttpReceive, HttpSend } from '@tsgi/spec';

const LIMIT = 1024 * 1024; // this app's own cap on what it buffers

/** Reads the whole request body, or `null` when the client went away or sent more than `LIMIT`. */
async function readBody(receive: HttpReceive): Promise<Uint8Array | 'too-large' | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const message = await receive();
    if (message.type === 'http.disconnect') return null;
    size += message.body.byteLength;
    if (size > LIMIT) return 'too-large';
    chunks.push(message.body);
    if (!message.moreBody) return Buffer.concat(chunks);
  }
}

async function reply(send: HttpSend, status: number, body: Uint8Array): Promise<void> {
  await send({
    type: 'http.response.start',
    status,
    headers: [['content-type', 'application/octet-stream'], ['content-length', String(body.byteLength)]],
  });
  await send({ type: 'http.response.body', body });
}

/** POST any body; get it back. */
export const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  if (scope.method !== 'POST') return reply(send, 405, new TextEncoder().encode('POST only\n'));
  const body = await readBody(receive as HttpReceive);
  if (body === null) return; // nobody is listening any more
  if (body === 'too-large') return reply(send, 413, new TextEncoder().encode('too large\n'));
  await reply(send, 200, body);
};
