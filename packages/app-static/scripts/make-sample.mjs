#!/usr/bin/env node
// Writes the precompressed siblings (.br, .gz) of the files in ../sample with node:zlib at maximum quality.
// Run after editing a sample file: `node packages/app-static/scripts/make-sample.mjs`. The test
// test/sample.test.ts checks that every sibling still decompresses to its original.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = new URL('../sample/', import.meta.url).pathname;
for (const name of readdirSync(dir)) {
  if (name.endsWith('.br') || name.endsWith('.gz')) continue;
  const data = readFileSync(join(dir, name));
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  // mtime 0 in the gzip header (node:zlib writes 0), so the output is reproducible.
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(join(dir, `${name}.br`), br);
  writeFileSync(join(dir, `${name}.gz`), gz);
  console.log(`${name}: ${data.length} bytes, br ${br.length}, gz ${gz.length}`);
}
