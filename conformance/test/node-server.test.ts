/** @module Runs the conformance suite against the second server, `@tsgi/node` (node:http / node:http2), on every protocol. */
import { launcherTarget, runSuite, type ServeFunction } from '@tsgi/conformance';
import { serve } from '@tsgi/node';

runSuite(
  launcherTarget('@tsgi/node', serve as ServeFunction, {
    skip: [
      {
        cases: ['method is passed exactly as received (case-sensitive)'],
        protocols: ['h1', 'h1-tls'],
        reason:
          "Node's HTTP/1 parser (llhttp) accepts only its fixed list of uppercase methods and answers 400 to `get`; " +
          'see packages/node/README.md, "Differences from the reference server"',
      },
    ],
  }),
);
