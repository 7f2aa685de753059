#!/usr/bin/env node
// The published entry point: runs the compiled CLI (build first with `npm run build`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
