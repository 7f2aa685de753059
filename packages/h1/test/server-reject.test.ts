import { describe, expect, it } from 'vitest';
import { H1Error, H1RemoteProtocolError, H1ServerConnection } from '../src/index.js';
import { enc, serverError } from './helpers.js';
import { REJECTIONS } from './vectors.js';


describe('server: rejections, each with statusHint and code', () => {
  it.each(REJECTIONS)('%s', (_name, raw, status, code) => {
    expect(serverError(raw)).toEqual({ statusHint: status, code });
  });

  it('throws H1RemoteProtocolError, an H1Error, and then writes a closing error response', () => {
    const conn = new H1ServerConnection();
    conn.receiveData(enc('GET / HTTP/1.1\r\n\r\n'));
    let err: unknown;
    try {
      conn.nextEvent();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(H1RemoteProtocolError);
    expect(err).toBeInstanceOf(H1Error);
    expect(err).toMatchObject({ name: 'H1RemoteProtocolError', code: 'H1_MISSING_HOST', statusHint: 400 });
    expect(conn.theirState).toBe('ERROR');
    expect(Buffer.from(conn.writeErrorResponse(400)).toString('latin1')).toBe(
      'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 11\r\nconnection: close\r\n\r\nBad Request',
    );
    expect(conn.ourState).toBe('MUST_CLOSE');
    expect(conn.keepAlive).toBe(false);
    expect(() => conn.writeErrorResponse(400)).toThrow(/writeErrorResponse/);
  });
});
