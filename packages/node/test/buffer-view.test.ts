import { describe, expect, it } from 'vitest';
import { asBuffer } from '../src/buffer-view.js';

describe('asBuffer', () => {
  it('passes a Buffer through', () => {
    const b = Buffer.from('abc');
    expect(asBuffer(b)).toBe(b);
  });

  it('views a Uint8Array without copying, and reuses the view for the same small chunk', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4);
    const view = asBuffer(bytes);
    expect(Buffer.isBuffer(view)).toBe(true);
    expect([...view]).toEqual([2, 3, 4]);
    bytes[0] = 9; // same memory: what Node's own conversion would give
    expect(view[0]).toBe(9);
    expect(asBuffer(bytes)).toBe(view);
    const other = new Uint8Array([7]);
    expect([...asBuffer(other)]).toEqual([7]);
    expect(asBuffer(other)).not.toBe(view);
  });

  it('makes a fresh view when a length-tracking chunk changed its length', () => {
    // A resizable ArrayBuffer (ES2024; Node 20 has it, the project's TypeScript lib does not yet).
    type Resizable = ArrayBuffer & { resize(length: number): void };
    const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => Resizable;
    const backing = new Resizable(4, { maxByteLength: 16 });
    const chunk = new Uint8Array(backing); // tracks the buffer's length
    expect(asBuffer(chunk).byteLength).toBe(4);
    backing.resize(8);
    expect(asBuffer(chunk).byteLength).toBe(8);
  });

  it('does not keep a large chunk', () => {
    const large = new Uint8Array(64 * 1024);
    expect(asBuffer(large)).not.toBe(asBuffer(large));
  });
});
