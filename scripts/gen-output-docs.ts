// Regenerates docs/output.md from the zod schema (src/schema/output.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOutputDocs } from '../src/schema/docs.ts';

const path = join(import.meta.dirname, '..', 'docs', 'output.md');
writeFileSync(path, renderOutputDocs());
console.log(`wrote ${path}`);
