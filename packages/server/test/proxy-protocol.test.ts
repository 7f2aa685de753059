/** @module The reference server behind a PROXY protocol speaking proxy (see proxy-protocol-suite.ts). */
import { serve } from '../src/index.js';
import { proxySuite } from './proxy-protocol-suite.js';

proxySuite(serve);
