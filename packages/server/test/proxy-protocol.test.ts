/** @module The reference server behind a PROXY protocol speaking proxy (see proxy-suite.ts). */
import { serve } from '../src/index.js';
import { proxySuite } from './proxy-suite.js';

proxySuite(serve);
