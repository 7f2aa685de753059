import { describe, expect, it } from 'vitest';
import { OptionsError, resolveGatewayOptions } from '../src/index.js';

describe('the workers option', () => {
  it('defaults to 1 (no cluster) and keeps a valid count', () => {
    expect(resolveGatewayOptions({}).workers).toBe(1);
    expect(resolveGatewayOptions({ workers: 4 }).workers).toBe(4);
    expect(resolveGatewayOptions({ workers: 1024 }).workers).toBe(1024);
  });

  it.each([0, -1, 1.5, 1025, Number.NaN])('rejects %s with an OptionsError', (workers) => {
    expect(() => resolveGatewayOptions({ workers })).toThrow(OptionsError);
    expect(() => resolveGatewayOptions({ workers })).toThrow(/workers must be an integer 1\.\.1024/);
  });
});
