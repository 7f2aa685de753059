import { serve } from '../src/index.js';
import { describeProxyHeaders } from './proxy-suite.js';

describeProxyHeaders('reference server', serve);
