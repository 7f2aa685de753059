/**
 * @module Precompressed siblings: choosing `br` or `gzip` from Accept-Encoding (RFC 9110 §12.5.3) when a
 * `file.br` or `file.gz` exists next to the requested file.
 */
import { splitList } from './headers.js';

/** A content coding this app can serve from a precompressed sibling (RFC 9110 §8.4.1). */
export type PrecompressedCoding = 'br' | 'gzip';

/** The file-name suffix of the sibling that holds each coding. */
export const SIBLING_SUFFIX: Readonly<Record<PrecompressedCoding, string>> = { br: '.br', gzip: '.gz' };

/** A weight: `0`, `1`, or a decimal with at most three digits (RFC 9110 §12.4.2). */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Parses Accept-Encoding into a map of lowercase coding name to weight; elements with a bad weight are skipped. */
function parseAcceptEncoding(value: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const element of splitList(value)) {
    const [name = '', ...params] = element.split(';').map((part) => part.trim());
    let q = 1;
    let valid = name !== '';
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const raw = param.slice(eq + 1).trim();
      if (QVALUE.test(raw)) q = Number(raw);
      else valid = false;
    }
    if (valid) weights.set(name.toLowerCase(), q);
  }
  return weights;
}

/**
 * The precompressed codings the client accepts (weight above 0), best first, leaving out any the client weights
 * below an explicit `identity;q=...`. `q=0` means "not acceptable" (RFC 9110 §12.4.2); `*` stands for codings not named; `x-gzip` is an
 * alias of `gzip` (RFC 9110 §8.4.1.3). Equal weights prefer `br`, which compresses better. Without an
 * Accept-Encoding field the app sends identity: RFC 9110 §12.5.3 would allow any coding then, but a client that
 * names none most likely cannot decode one.
 */
export function acceptablePrecompressed(acceptEncoding: string | undefined): PrecompressedCoding[] {
  if (acceptEncoding === undefined) return [];
  const weights = parseAcceptEncoding(acceptEncoding);
  const star = weights.get('*');
  const weightOf = (coding: string, alias?: string): number =>
    weights.get(coding) ?? (alias === undefined ? undefined : weights.get(alias)) ?? star ?? 0;
  // A coding is sent only if the client does not explicitly weight identity above it. An identity the field does
  // not name is acceptable (§12.5.3) but has no stated weight, so it does not outrank a coding that is accepted.
  const identity = weights.get('identity') ?? 0;
  const ranked: { coding: PrecompressedCoding; q: number }[] = [
    { coding: 'br', q: weightOf('br') },
    { coding: 'gzip', q: weightOf('gzip', 'x-gzip') },
  ];
  return ranked
    .filter(({ q }) => q > 0 && q >= identity)
    .sort((a, b) => b.q - a.q) // stable: br stays ahead of gzip on a tie
    .map(({ coding }) => coding);
}
