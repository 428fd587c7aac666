import { describe, expect, it } from 'vitest';
import { Document } from '../doc/document.ts';
import { Pipeline } from './pipeline.ts';
import type { Stage } from './stage.ts';
import { AttacheError } from './errors.ts';
import { defaultPipeline } from './analyze.ts';

const doc = Document.create({ id: 't', text: 'Hello there.', hints: { kind: 'text' }, boilerplate: [], captions: [], warnings: [] });

const sentences: Stage<'sentences'> = {
  name: 'fake-sentences',
  version: '0',
  requires: [],
  provides: ['sentences'],
  run: () => ({ layers: { sentences: [{ start: 0, end: 12, prov: { stage: 'fake-sentences', version: '0' } }] } }),
};
const times: Stage<'times'> = {
  name: 'fake-times',
  version: '0',
  requires: ['sentences'],
  provides: ['times'],
  run: () => ({ layers: { times: [] } }),
};

describe('Pipeline', () => {
  it('refuses at construction a stage whose requirement no earlier stage provides', () => {
    expect(() => new Pipeline([times, sentences])).toThrow(AttacheError);
    expect(() => new Pipeline([times, sentences])).toThrow(/requires layer "sentences"/);
  });

  it('refuses a stage listed twice', () => {
    expect(() => new Pipeline([sentences, sentences])).toThrow(/appears twice/);
  });

  it('runs stages in order and never mutates the input document', () => {
    const out = new Pipeline([sentences, times]).run(doc);
    expect(out.layer('sentences')).toHaveLength(1);
    expect(doc.has('sentences')).toBe(false);
    expect(Object.isFrozen(out)).toBe(true);
  });

  it('fails when a stage does not return a layer it declared', () => {
    const liar: Stage<'times'> = { ...times, requires: [], run: () => ({ layers: {} as never }) };
    expect(() => new Pipeline([liar]).run(doc)).toThrow(/did not return its declared layer "times"/);
  });

  it('asking for a layer no stage provided is an error, not an empty layer', () => {
    expect(() => doc.layer('quotes')).toThrow(/has not been provided/);
  });

  it('the default pipeline is valid and provides what the output needs', () => {
    const p = defaultPipeline();
    for (const l of ['meta', 'sentences', 'tokens', 'times'] as const) expect(p.provides.has(l)).toBe(true);
  });
});
