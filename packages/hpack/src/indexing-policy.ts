/** @module How the encoder chooses among the literal representations (RFC 7541 §6.2, §7.1). */

/**
 * The representation of a field the encoder does not find whole in a table:
 * - `'incremental'`: literal with incremental indexing, added to the dynamic table (RFC 7541 §6.2.1);
 * - `'without'`: literal without indexing, the table unchanged (§6.2.2);
 * - `'never'`: literal never indexed (§6.2.3), which also tells intermediaries to keep it out of their tables; the
 *   encoder then does not use a table entry holding the whole field either, only one holding its name.
 */
export type IndexingMode = 'incremental' | 'without' | 'never';

/** Chooses the {@link IndexingMode} of a field; `name` and `value` are latin1 byte strings. */
export type IndexingPolicy = (name: string, value: string) => IndexingMode;

/** Values of `cookie` / `set-cookie` shorter than this are never indexed: short secrets are easy to guess. */
export const SHORT_COOKIE_LENGTH = 20;

/**
 * The default policy: index everything except what RFC 7541 §7.1.3 calls sensitive, which is sent as a
 * never-indexed literal so that a compression-based attack (CRIME-like, §7.1.1) cannot probe it through the
 * dynamic table:
 * - `authorization` and `proxy-authorization`, always;
 * - `cookie` and `set-cookie` with a value shorter than {@link SHORT_COOKIE_LENGTH} octets (a longer value has
 *   too much entropy to guess; indexing it saves the most bytes on the connection).
 *
 * Names are compared as given; HTTP/2 requires them lowercase (RFC 9113 §8.2.1).
 */
export function defaultIndexingPolicy(name: string, value: string): IndexingMode {
  switch (name) {
    case 'authorization':
    case 'proxy-authorization':
      return 'never';
    case 'cookie':
    case 'set-cookie':
      return value.length < SHORT_COOKIE_LENGTH ? 'never' : 'incremental';
    default:
      return 'incremental';
  }
}

/** A policy that indexes every field; the RFC 7541 Appendix C examples follow it. */
export const indexAll: IndexingPolicy = () => 'incremental';
