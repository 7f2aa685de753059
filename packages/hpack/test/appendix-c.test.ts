/**
 * Every example of RFC 7541 Appendix C, in both directions: decoding the given octets gives the given header list
 * and dynamic table, and encoding the header list with a matching policy gives the given octets.
 */
import { describe, expect, it } from 'vitest';
import type { HpackEncoderOptions, IndexingMode } from '../src/index.js';
import { HpackDecoder, HpackEncoder } from '../src/index.js';
import { hex, headerList, toHex } from './support.js';

interface Step {
  readonly title: string;
  readonly headers: string;
  readonly dump: string;
  /** The dynamic table after the block, newest first. */
  readonly table: string;
  readonly tableSize: number;
}

const REQUESTS = {
  headers: [
    ':method: GET\n:scheme: http\n:path: /\n:authority: www.example.com',
    ':method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\ncache-control: no-cache',
    ':method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\ncustom-key: custom-value',
  ],
  tables: [
    [':authority: www.example.com', 57],
    ['cache-control: no-cache\n:authority: www.example.com', 110],
    ['custom-key: custom-value\ncache-control: no-cache\n:authority: www.example.com', 164],
  ] as const,
};

const RESPONSES = {
  headers: [
    ':status: 302\ncache-control: private\ndate: Mon, 21 Oct 2013 20:13:21 GMT\nlocation: https://www.example.com',
    ':status: 307\ncache-control: private\ndate: Mon, 21 Oct 2013 20:13:21 GMT\nlocation: https://www.example.com',
    ':status: 200\ncache-control: private\ndate: Mon, 21 Oct 2013 20:13:22 GMT\nlocation: https://www.example.com\n' +
      'content-encoding: gzip\nset-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1',
  ],
  tables: [
    [
      'location: https://www.example.com\ndate: Mon, 21 Oct 2013 20:13:21 GMT\ncache-control: private\n:status: 302',
      222,
    ],
    [
      ':status: 307\nlocation: https://www.example.com\ndate: Mon, 21 Oct 2013 20:13:21 GMT\ncache-control: private',
      222,
    ],
    [
      'set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1\ncontent-encoding: gzip\n' +
        'date: Mon, 21 Oct 2013 20:13:22 GMT',
      215,
    ],
  ] as const,
};

function steps(section: string, base: typeof REQUESTS | typeof RESPONSES, dumps: string[]): Step[] {
  return dumps.map((dump, i) => ({
    title: `${section}.${i + 1}`,
    headers: base.headers[i]!,
    dump,
    table: base.tables[i]![0],
    tableSize: base.tables[i]![1],
  }));
}

function runSequence(name: string, list: Step[], maxTableSize: number, encoderOptions: HpackEncoderOptions): void {
  describe(name, () => {
    it('decodes each block to its header list and dynamic table', () => {
      const decoder = new HpackDecoder({ maxTableSize });
      for (const step of list) {
        expect(decoder.decode(hex(step.dump)), step.title).toEqual(headerList(step.headers));
        expect(decoder.dynamicTableEntries(), step.title).toEqual(headerList(step.table));
        expect(decoder.dynamicTableSize, step.title).toBe(step.tableSize);
      }
    });

    it('encodes each header list to its block and dynamic table', () => {
      const encoder = new HpackEncoder({ maxTableSize, ...encoderOptions });
      for (const step of list) {
        expect(toHex(encoder.encode(headerList(step.headers))), step.title).toBe(toHex(hex(step.dump)));
        expect(encoder.dynamicTableEntries(), step.title).toEqual(headerList(step.table));
        expect(encoder.dynamicTableSize, step.title).toBe(step.tableSize);
      }
    });
  });
}

describe('RFC 7541 Appendix C', () => {
  describe('C.2 header field representations', () => {
    const cases: Array<[string, string, string, IndexingMode, string, number]> = [
      [
        'C.2.1 literal with indexing',
        'custom-key: custom-header',
        '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572',
        'incremental',
        'custom-key: custom-header',
        55,
      ],
      ['C.2.2 literal without indexing', ':path: /sample/path', '040c 2f73 616d 706c 652f 7061 7468', 'without', '', 0],
      [
        'C.2.3 literal never indexed',
        'password: secret',
        '1008 7061 7373 776f 7264 0673 6563 7265 74',
        'never',
        '',
        0,
      ],
      ['C.2.4 indexed', ':method: GET', '82', 'incremental', '', 0],
    ];
    it.each(cases)('%s', (_title, headers, dump, mode, table, size) => {
      const decoder = new HpackDecoder();
      expect(decoder.decode(hex(dump))).toEqual(headerList(headers));
      expect(decoder.dynamicTableEntries()).toEqual(table === '' ? [] : headerList(table));
      expect(decoder.dynamicTableSize).toBe(size);

      const encoder = new HpackEncoder({ huffman: 'never', indexing: () => mode });
      expect(toHex(encoder.encode(headerList(headers)))).toBe(toHex(hex(dump)));
      expect(encoder.dynamicTableSize).toBe(size);
    });
  });

  const c3 = steps('C.3', REQUESTS, [
    '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '8286 84be 5808 6e6f 2d63 6163 6865',
    '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
  ]);
  runSequence('C.3 requests without Huffman coding', c3, 4096, { huffman: 'never' });

  const c4 = steps('C.4', REQUESTS, [
    '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
    '8286 84be 5886 a8eb 1064 9cbf',
    '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
  ]);
  runSequence('C.4 requests with Huffman coding', c4, 4096, { huffman: 'auto' });
  runSequence('C.4 requests with Huffman coding (always)', c4, 4096, { huffman: 'always' });

  const c5 = steps('C.5', RESPONSES, [
    '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d' +
      '546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '4803 3330 37c1 c0bf',
    '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f' +
      '6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b' +
      '2076 6572 7369 6f6e 3d31',
  ]);
  runSequence('C.5 responses without Huffman coding, table size 256', c5, 256, { huffman: 'never' });

  const c6 = steps('C.6', RESPONSES, [
    '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7' +
      '8f0b 97c8 e9ae 82ae 43d3',
    '4883 640e ffc1 c0bf',
    '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335' +
      'dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
  ]);
  // 'always': the RFC Huffman-codes "307" although that saves nothing (3 octets either way), where 'auto' would not.
  runSequence('C.6 responses with Huffman coding, table size 256', c6, 256, { huffman: 'always' });
});
