import { z } from 'zod';
import { AttacheError } from '../pipeline/errors.ts';
import type { RawInput } from '../stages/normalize/normalize.ts';

/** One line of a JSONL batch. */
export const JsonlRecordSchema = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    text: z.string().optional(),
    html: z.string().optional(),
    published: z.string().optional(),
    url: z.string().optional(),
  })
  .refine((r) => (r.text === undefined) !== (r.html === undefined), { message: 'exactly one of "text" or "html" is required' });

export type JsonlLine = { line: number; raw: string } | { line: number; tooLong: true };

/**
 * Splits a byte stream into lines without ever holding more than maxLineBytes of one line:
 * an overlong line is skipped (and reported) while the batch goes on. Memory stays bounded
 * whatever the size of the batch.
 */
export async function* jsonlLines(stream: AsyncIterable<Uint8Array | string>, maxLineBytes: number): AsyncGenerator<JsonlLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let line = 0;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
      const head = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      line++;
      if (skipping || size + head.length > maxLineBytes) {
        yield { line, tooLong: true };
      } else {
        parts.push(head);
        const raw = decoder.decode(Buffer.concat(parts));
        if (raw.trim() !== '') yield { line, raw };
      }
      parts = [];
      size = 0;
      skipping = false;
    }
    if (!skipping) {
      if (size + buf.length > maxLineBytes) {
        skipping = true;
        parts = [];
      } else {
        parts.push(Buffer.from(buf));
        size += buf.length;
      }
    }
  }
  if (skipping) yield { line: line + 1, tooLong: true };
  else if (size > 0) {
    const raw = decoder.decode(Buffer.concat(parts));
    if (raw.trim() !== '') yield { line: line + 1, raw };
  }
}

/** A record of the wrong shape; carries its id when it had one, so the output line can name it. */
export class JsonlRecordError extends AttacheError {
  constructor(
    readonly recordId: string | null,
    detail: string,
  ) {
    super('ATT-E041', detail);
  }
}

/**
 * One JSONL line → a RawInput, or a coded error for that line alone.
 *
 * @example parseJsonlLine('{"id":"a","text":"Hi."}', 1) // { id: 'a', kind: 'text', body: 'Hi.' }
 */
export function parseJsonlLine(raw: string, line: number): RawInput {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new AttacheError('ATT-E040', `line ${line}: ${(err as Error).message.slice(0, 120)}`);
  }
  const r = JsonlRecordSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const id = value && typeof value === 'object' && 'id' in value && (typeof value.id === 'string' || typeof value.id === 'number') ? String(value.id) : null;
    throw new JsonlRecordError(id, `line ${line}: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid record'}`);
  }
  const rec = r.data;
  return {
    id: rec.id,
    kind: rec.html !== undefined ? 'html' : 'text',
    body: rec.html ?? rec.text ?? '',
    ...(rec.url ? { url: rec.url } : {}),
    ...(rec.published ? { published: rec.published } : {}),
  };
}
