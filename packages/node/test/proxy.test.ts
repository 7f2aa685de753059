import { serve } from '../src/index.js';
import { describeProxyHeaders } from '../../server/test/proxy-suite.js';

describeProxyHeaders('node server', serve);
