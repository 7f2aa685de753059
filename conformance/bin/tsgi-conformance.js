#!/usr/bin/env node
// The published entry point: runs the compiled CLI (build first with `npm run build`).
import { main } from '../dist/cli/main.js';

// exit explicitly: a scenario that timed out may leave a server of the target running
process.exit(await main(process.argv.slice(2)));
