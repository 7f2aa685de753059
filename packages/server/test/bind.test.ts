/** @module The reference server's listeners: IPv6, Unix sockets, inherited fds, several at once (see bind-suite.ts). */
import { serve } from '../src/index.js';
import { bindSuite } from './bind-suite.js';

bindSuite(serve, new URL('../src/index.ts', import.meta.url));
