import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeText, looksBinary, readStreamCapped } from './bytes.ts';
import { jsonlLines, parseJsonlLine } from './jsonl.ts';

describe('decodeText', () => {
  it.each([
    ['empty', new Uint8Array(), 'ATT-E010'],
    ['whitespace', Buffer.from('  \n '), 'ATT-E010'],
    ['PDF with NUL bytes', Buffer.from('%PDF-1.7\n\u0000\u0001\u0002binary'), 'ATT-E011'],
    ['lone continuation byte', Buffer.from([0x41, 0x80, 0x42]), 'ATT-E012'],
    ['truncated sequence', Buffer.from([0x41, 0xe2, 0x80]), 'ATT-E012'],
  ])('%s → %s', (_n, bytes, code) => {
    expect(() => decodeText(bytes)).toThrow(code);
  });

  it('keeps curly quotes, accents and a BOM-free start', () => {
    expect(decodeText(Buffer.from('\uFEFF“Genève” – Kyiv'))).toBe('“Genève” – Kyiv');
  });

  it('text with a form feed or tabs is not binary', () => {
    expect(looksBinary(Buffer.from('a\tb\fc\r\n'))).toBe(false);
  });
});

describe('readStreamCapped', () => {
  it('stops past the cap without reading the rest', async () => {
    let pulled = 0;
    function* endless(): Generator<Uint8Array> {
      for (;;) {
        pulled++;
        yield new Uint8Array(1024);
      }
    }
    await expect(readStreamCapped(Readable.from(endless()), 10 * 1024)).rejects.toThrow('ATT-E013');
    expect(pulled).toBeLessThan(20);
  });
});

describe('jsonl', () => {
  async function collect(chunks: string[], max = 100): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const l of jsonlLines(Readable.from(chunks.map((c) => Buffer.from(c))), max)) out.push(l);
    return out;
  }

  it('splits lines across chunk boundaries and numbers them', async () => {
    expect(await collect(['{"a":', '1}\n{"b"', ':2}\n\n{"c":3}'])).toEqual([
      { line: 1, raw: '{"a":1}' },
      { line: 2, raw: '{"b":2}' },
      { line: 4, raw: '{"c":3}' },
    ]);
  });

  it('reports an overlong line and goes on', async () => {
    expect(await collect(['x'.repeat(60), 'x'.repeat(60), '\n{"ok":1}\n'])).toEqual([{ line: 1, tooLong: true }, { line: 2, raw: '{"ok":1}' }]);
  });

  it.each([
    ['not json', 'ATT-E040'],
    ['[1,2]', 'ATT-E041'],
    ['{"id":"a"}', 'ATT-E041'],
    ['{"id":"a","text":"x","html":"<p>x</p>"}', 'ATT-E041'],
    ['{"text":"no id"}', 'ATT-E041'],
  ])('%s → %s', (raw, code) => {
    expect(() => parseJsonlLine(raw, 1)).toThrow(code);
  });

  it('reads a record', () => {
    expect(parseJsonlLine('{"id":7,"html":"<p>x</p>","published":"2022-01-14"}', 1)).toEqual({ id: '7', kind: 'html', body: '<p>x</p>', published: '2022-01-14' });
  });
});
