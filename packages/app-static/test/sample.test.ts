/** The committed demo folder: its precompressed siblings are current, and the demo app serves it. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { app } from '../src/sample-app.js';
import { runApp } from './fake-server.js';

const dir = fileURLToPath(new URL('../sample/', import.meta.url));
const originals = readdirSync(dir).filter((name) => !name.endsWith('.br') && !name.endsWith('.gz'));

describe('sample/', () => {
  it('has index.html, style.css and a .txt', () => {
    expect(originals).toEqual(expect.arrayContaining(['index.html', 'style.css', 'hello.txt']));
  });

  it.each(originals)('%s has .br and .gz siblings that decompress to it (else run scripts/make-sample.mjs)', (name) => {
    const original = readFileSync(`${dir}${name}`);
    expect(brotliDecompressSync(readFileSync(`${dir}${name}.br`))).toEqual(original);
    expect(gunzipSync(readFileSync(`${dir}${name}.gz`))).toEqual(original);
  });

  it('the demo app serves the index, precompressed when asked', async () => {
    const res = await runApp(app, { rawPath: '/', headers: [['accept-encoding', 'gzip, br']] });
    expect(res.status).toBe(200);
    expect(res.header('content-encoding')).toBe('br');
    expect(res.header('content-type')).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(res.body)).toEqual(readFileSync(`${dir}index.html`));
  });
});
