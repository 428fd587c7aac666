import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../src/pipeline/analyze.ts';
import { normalize, type RawInput } from '../src/stages/normalize/normalize.ts';
import { LAYER_NAMES } from '../src/doc/types.ts';
import { AttacheError } from '../src/pipeline/errors.ts';

const root = join(import.meta.dirname, '..');

/** Every fixture we have: the example seed, our HTML and text fixtures. */
function fixtures(): RawInput[] {
  const out: RawInput[] = [{ id: 'seed', kind: 'text', body: readFileSync(join(root, 'examples', 'seed-article.txt'), 'utf8'), published: '2022-01-14' }];
  for (const dir of ['test/fixtures', 'test/fixtures/html', 'test/fixtures/text']) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs)) {
      if (!/\.(txt|html?)$/.test(f)) continue;
      out.push({ id: `${dir}/${f}`, kind: f.endsWith('.txt') ? 'text' : 'html', body: readFileSync(join(abs, f), 'utf8') });
    }
  }
  return out;
}

interface Spanlike {
  start: number;
  end: number;
  text?: string;
}

function* spans(value: unknown): Generator<Spanlike> {
  if (Array.isArray(value)) for (const v of value) yield* spans(v);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') yield o as unknown as Spanlike;
    for (const v of Object.values(o)) if (v && typeof v === 'object') yield* spans(v);
  }
}

describe('span invariant: text.slice(start, end) is the annotated text, for every layer of every fixture', () => {
  it.each(fixtures().map((f) => [f.id, f] as const))('%s', (_id, raw) => {
    let doc;
    try {
      doc = defaultPipeline().run(normalize(raw));
    } catch (err) {
      // Fixtures of pages with no article must fail with a coded error, not a crash.
      expect(err).toBeInstanceOf(AttacheError);
      expect(raw.id).toMatch(/no-article|empty|binary/);
      return;
    }
    let n = 0;
    for (const name of LAYER_NAMES) {
      if (!doc.has(name)) continue;
      for (const s of spans(doc.layer(name))) {
        n++;
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeGreaterThanOrEqual(s.start);
        expect(s.end).toBeLessThanOrEqual(doc.text.length);
        if (typeof s.text === 'string') expect(doc.text.slice(s.start, s.end)).toBe(s.text);
      }
    }
    expect(n).toBeGreaterThan(0);
  });
});
