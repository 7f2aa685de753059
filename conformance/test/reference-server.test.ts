/** @module Runs the conformance suite against the reference server `@tsgi/server`, on every protocol. */
import { launcherTarget, runSuite, type ServeFunction } from '@tsgi/conformance';
import { serve } from '@tsgi/server';

runSuite(launcherTarget('@tsgi/server (reference)', serve as ServeFunction));
