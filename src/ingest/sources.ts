import { basename, extname } from 'node:path';
import { AttacheError } from '../pipeline/errors.ts';
import type { RawInput } from '../stages/normalize/normalize.ts';
import { decodeText, readFileCapped, readStreamCapped } from './bytes.ts';
import { safeFetch } from './fetch.ts';

export type InputFormat = 'auto' | 'text' | 'html' | 'jsonl';

export interface SourceOptions {
  readonly inputFormat: InputFormat;
  readonly published?: string;
  readonly allowPrivate?: boolean;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

export function isUrl(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
}

/** Sniffs HTML from the first bytes of a text: a doctype or a structural tag. */
export function looksLikeHtml(s: string): boolean {
  const head = s.slice(0, 2048).trimStart().toLowerCase();
  return /^<(!doctype html|html|head|body|article|div|p|meta|title|!--)/.test(head) || /<(html|body|article)[\s>]/.test(head);
}

/** `attache analyze` when the input is a JSONL batch (by flag or by extension). */
export function isJsonlInput(arg: string, format: InputFormat): boolean {
  return format === 'jsonl' || (format === 'auto' && /\.jsonl$/i.test(arg));
}

/**
 * A file path, a URL or '-' (stdin) → one RawInput, with every check on the way:
 * size cap before reading, binary and UTF-8 checks, the safe fetcher for URLs.
 */
export async function readSource(arg: string, opts: SourceOptions, stdin: AsyncIterable<Uint8Array | string> = process.stdin): Promise<RawInput> {
  const base = opts.published ? { published: opts.published } : {};
  if (isUrl(arg)) {
    const res = await safeFetch(arg, {
      ...(opts.allowPrivate ? { allowPrivate: true } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    if (res.body.trim() === '') throw new AttacheError('ATT-E010', arg);
    const kind = opts.inputFormat === 'text' || (opts.inputFormat === 'auto' && res.contentType.startsWith('text/plain')) ? 'text' : 'html';
    return { id: arg, kind, body: res.body, url: res.finalUrl, fetched: true, ...base };
  }
  const bytes = arg === '-' ? await readStreamCapped(stdin, opts.maxBytes) : await readFileCapped(arg, opts.maxBytes);
  const body = decodeText(bytes, arg === '-' ? 'stdin' : basename(arg));
  let kind: 'text' | 'html';
  if (opts.inputFormat === 'text' || opts.inputFormat === 'html') kind = opts.inputFormat;
  else if (/\.(html?|xhtml)$/i.test(extname(arg))) kind = 'html';
  else kind = looksLikeHtml(body) ? 'html' : 'text';
  return { id: arg === '-' ? 'stdin' : arg, kind, body, ...base };
}
