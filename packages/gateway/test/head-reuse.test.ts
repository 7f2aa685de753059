/** The reuse of the last validated header list and of the last prepared head is exact for any input. */
import { describe, expect, it } from 'vitest';
import { InvalidMessageError, type HeaderList } from '@tsgi/spec';
import { checkStart, prepareHead } from '../src/index.js';

describe('checkStart after a valid list', () => {
  it('still rejects the same list once a value was changed in place', () => {
    const headers: [string, string][] = [['content-type', 'text/plain']];
    checkStart(200, headers);
    checkStart(200, headers);
    headers[0]![1] = 'a\r\nb';
    expect(() => checkStart(200, headers)).toThrow(InvalidMessageError);
    headers[0] = ['Content-Type', 'text/plain'] as [string, string];
    expect(() => checkStart(200, headers)).toThrow(InvalidMessageError);
  });
});

describe('prepareHead reuse', () => {
  it('gives the same head for the same inputs and a new one when anything differs', () => {
    const headers: [string, string][] = [['content-length', '5']];
    const a = prepareHead(200, headers as HeaderList, false);
    expect(prepareHead(200, headers as HeaderList, false)).toBe(a);
    const head = prepareHead(200, headers as HeaderList, true);
    expect(head.bodyAllowed).toBe(false);
    expect(prepareHead(204, headers as HeaderList, false).headers.some(([n]) => n === 'content-length')).toBe(false);
    headers[0]![1] = '6';
    expect(prepareHead(200, headers as HeaderList, false).declaredLength).toBe(6);
  });
});
