/** @module `@tsgi/node`'s listeners: IPv6, Unix sockets, inherited fds, several at once (the reference server's suite). */
import { serve } from '../src/index.js';
import { bindSuite } from '../../server/test/bind-suite.js';

bindSuite(serve, new URL('../src/index.ts', import.meta.url));
