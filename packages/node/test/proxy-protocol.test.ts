/** @module `@tsgi/node` behind a PROXY protocol speaking proxy (the reference server's suite). */
import { serve } from '../src/index.js';
import { proxySuite } from '../../server/test/proxy-protocol-suite.js';

proxySuite(serve);
