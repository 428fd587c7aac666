/**
 * The catalogue of coded errors. Every error a user can meet has a code, a message
 * that says what went wrong and what to do, and an exit code for the CLI.
 * Services throw AttacheError; only cli/ maps it to an exit code and server/ to HTTP.
 */

export const ERRORS = {
  'ATT-E001': { title: 'usage error', hint: 'run `attache <command> --help` for the options' },
  'ATT-E002': { title: 'invalid option value', hint: 'check the value against `--help`' },
  'ATT-E010': { title: 'input is empty', hint: 'give a file, URL or stdin with article text or HTML' },
  'ATT-E011': { title: 'input is binary, not text or HTML', hint: 'give a UTF-8 text or HTML file; PDFs and images are not read' },
  'ATT-E012': { title: 'input is not valid UTF-8', hint: 'convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)' },
  'ATT-E013': { title: 'input is too large', hint: 'split the file, or raise --max-bytes' },
  'ATT-E014': { title: 'cannot read input file', hint: 'check that the path exists and is readable' },
  'ATT-E020': { title: 'no article found in the HTML page', hint: 'check the page has article text, or pass --input-format text' },
  'ATT-E030': { title: 'URL not allowed', hint: 'only http:// and https:// URLs are fetched' },
  'ATT-E031': { title: 'URL points to a private, loopback or link-local address', hint: 'pass --allow-private to fetch from your own network' },
  'ATT-E032': { title: 'fetch timed out', hint: 'retry later or raise --timeout' },
  'ATT-E033': { title: 'response too large', hint: 'the fetcher stops at 10 MB; save the page and analyze the file' },
  'ATT-E034': { title: 'too many redirects', hint: 'the fetcher follows at most 5 redirects; use the final URL' },
  'ATT-E035': { title: 'fetch failed', hint: 'check the URL and your network' },
  'ATT-E036': { title: 'unsupported content type', hint: 'only text/html and text/plain pages are read' },
  'ATT-E040': { title: 'JSONL line is not valid JSON', hint: 'each line must be one JSON object' },
  'ATT-E041': { title: 'JSONL record has the wrong shape', hint: 'each line needs "id" and "text" or "html"; "published" and "url" are optional' },
  'ATT-E050': { title: 'pipeline is misconfigured', hint: 'each stage must appear once, after the stages that provide the layers it requires' },
  'ATT-E051': { title: 'invalid date', hint: 'give dates as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)' },
  'ATT-E060': { title: 'data set not found', hint: 'pass --data PATH to the data folder' },
  'ATT-E099': { title: 'internal error', hint: 'please report it with the input that caused it' },
} as const satisfies Record<string, { title: string; hint: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AttacheError extends Error {
  override readonly name = 'AttacheError';
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    const e = ERRORS[code];
    super(`${code}: ${e.title}${detail ? ` (${detail})` : ''}. ${e.hint}.`, options);
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value as an AttacheError, so users never see a raw stack trace. */
export function asAttacheError(err: unknown): AttacheError {
  if (err instanceof AttacheError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new AttacheError('ATT-E099', msg, { cause: err });
}
