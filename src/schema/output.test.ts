import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOutputDocs } from './docs.ts';

describe('docs/output.md', () => {
  it('matches the zod schema (run `npm run docs:output` after changing it)', () => {
    const onDisk = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'output.md'), 'utf8');
    expect(onDisk).toBe(renderOutputDocs());
  });
});
