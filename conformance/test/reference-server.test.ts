/** @module Runs the conformance suite against the reference server `@tsgi/server`. */
import { runSuite, type Target } from '@tsgi/conformance';
import { serve } from '@tsgi/server';

const reference: Target = {
  name: '@tsgi/server (reference)',
  async start(app, { logger, ...timeouts }) {
    const server = await serve(app, { host: '127.0.0.1', port: 0, logger, ...timeouts });
    const { host, port } = server.addresses[0]!;
    return { host, port, close: () => server.close() };
  },
};

runSuite(reference);
