import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { analyze } from '../pipeline/analyze.ts';
import { AttacheError, ERRORS, asAttacheError } from '../pipeline/errors.ts';
import { parseUserDate } from '../stages/metadata/dates.ts';
import { DEFAULT_MAX_BYTES } from '../ingest/bytes.ts';
import { isJsonlInput, readSource, type InputFormat } from '../ingest/sources.ts';
import { JsonlRecordError, jsonlLines, parseJsonlLine } from '../ingest/jsonl.ts';
import type { ErrorOutput, Output } from '../schema/output.ts';
import { FORMATS, brief, errorBrief, markdown, type Format } from './format.ts';
import { registerKb } from './kb.ts';
import pkg from '../../package.json' with { type: 'json' };

/** Exit codes: 0 every input analysed, 1 some inputs failed, 2 usage error. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: AsyncIterable<Uint8Array | string>;
  isTTY: boolean;
  errIsTTY: boolean;
}

const defaultIo = (): Io => ({
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stdin: process.stdin,
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
});

interface AnalyzeOpts {
  published?: string;
  format?: Format;
  inputFormat: InputFormat;
  allowPrivate?: boolean;
  timeout?: string;
  maxBytes?: string;
}

/** Runs the CLI and returns its exit code; never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('attache')
    .description('Reads foreign-policy news and turns every article into an auditable record.')
    .version(pkg.version)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('analyze')
    .description('analyse articles: files, URLs, "-" for stdin, or JSONL batches')
    .argument('[inputs...]', 'file paths, http(s) URLs, or - for stdin (the default when nothing is given)')
    .option('--published <date>', 'publication date YYYY-MM-DD: the most trusted source, anchors relative dates')
    .addOption(new Option('--format <format>', 'output format (default: brief on a terminal, json otherwise)').choices(FORMATS))
    .addOption(new Option('--input-format <format>', 'how to read inputs').choices(['auto', 'text', 'html', 'jsonl']).default('auto'))
    .option('--allow-private', 'allow URLs on loopback, private and link-local addresses')
    .option('--timeout <ms>', 'fetch timeout for URLs in milliseconds', '15000')
    .option('--max-bytes <n>', `largest input read, in bytes (a JSONL batch: per line)`, String(DEFAULT_MAX_BYTES))
    .addHelpText(
      'after',
      `
Exit codes: 0 all inputs analysed, 1 some inputs failed (each reported), 2 usage error.

Examples:
  attache analyze examples/seed-article.txt --published 2022-01-14 --format json
  attache analyze https://example.org/news/story.html --format md
  attache analyze batch.jsonl            # {"id","text"|"html","published"?,"url"?} per line
  cat page.html | attache analyze - --input-format html`,
    )
    .action(async (inputs: string[], opts: AnalyzeOpts) => {
      code = await runAnalyze(inputs, opts, io);
    });

  registerKb(program, io, (n) => (code = n));

  program
    .command('errors')
    .description('list the error codes with what to do about each')
    .action(() => {
      for (const [c, e] of Object.entries(ERRORS)) io.out(`${c}  ${e.title}. ${e.hint}.\n`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const e = asAttacheError(err);
    io.err(`attache: ${e.message}\n`);
    return e.code === 'ATT-E001' || e.code === 'ATT-E002' || e.code === 'ATT-E051' ? EXIT.usage : EXIT.someFailed;
  }
}

async function runAnalyze(inputs: string[], opts: AnalyzeOpts, io: Io): Promise<number> {
  const list = inputs.length ? inputs : ['-'];
  const batch = list.some((a) => isJsonlInput(a, opts.inputFormat));
  const format: Format = opts.format ?? (io.isTTY ? 'brief' : batch ? 'jsonl' : 'json');
  if (opts.published !== undefined) {
    try {
      parseUserDate(opts.published);
    } catch (err) {
      io.err(`attache: ${asAttacheError(err).message}\n`);
      return EXIT.usage;
    }
  }
  const maxBytes = positiveInt(opts.maxBytes, '--max-bytes', io);
  const timeoutMs = positiveInt(opts.timeout, '--timeout', io);
  if (maxBytes === null || timeoutMs === null) return EXIT.usage;
  const sink = new Sink(format, io);
  let failed = 0;
  for (const arg of list) {
    if (isJsonlInput(arg, opts.inputFormat)) {
      failed += await runBatch(arg, opts, maxBytes, sink, io);
      continue;
    }
    try {
      const raw = await readSource(arg, { inputFormat: opts.inputFormat, maxBytes, timeoutMs, ...(opts.published ? { published: opts.published } : {}), ...(opts.allowPrivate ? { allowPrivate: true } : {}) }, io.stdin);
      sink.record(analyze(raw));
    } catch (err) {
      failed++;
      sink.error({ id: arg, error: asAttacheError(err).toJSON() });
    }
  }
  sink.close();
  return failed > 0 ? EXIT.someFailed : EXIT.ok;
}

async function runBatch(arg: string, opts: AnalyzeOpts, maxBytes: number, sink: Sink, io: Io): Promise<number> {
  let stream: AsyncIterable<Uint8Array | string>;
  if (arg === '-') stream = io.stdin;
  else {
    try {
      await stat(arg);
    } catch {
      sink.error({ id: arg, error: new AttacheError('ATT-E014', arg).toJSON() });
      return 1;
    }
    stream = createReadStream(arg);
  }
  let failed = 0;
  let done = 0;
  for await (const item of jsonlLines(stream, maxBytes)) {
    if ('tooLong' in item) {
      failed++;
      sink.error({ id: null, line: item.line, error: new AttacheError('ATT-E013', `line ${item.line} is longer than ${maxBytes} bytes`).toJSON() });
      continue;
    }
    let id: string | null = null;
    try {
      const raw = parseJsonlLine(item.raw, item.line);
      id = raw.id;
      sink.record(analyze(opts.published && !raw.published ? { ...raw, published: opts.published } : raw));
    } catch (err) {
      failed++;
      if (err instanceof JsonlRecordError) id = err.recordId;
      sink.error({ id, line: item.line, error: asAttacheError(err).toJSON() });
    }
    done++;
    if (io.errIsTTY && done % 100 === 0) io.err(`\r${arg}: ${done} lines, ${failed} failed`);
  }
  if (io.errIsTTY && done >= 100) io.err(`\r${arg}: ${done} lines, ${failed} failed\n`);
  return failed;
}

function positiveInt(v: string | undefined, name: string, io: Io): number | null {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    io.err(`attache: ATT-E002: invalid option value (${name} ${v ?? ''}): give a positive whole number.\n`);
    return null;
  }
  return n;
}

/** Writes records and per-input errors in the chosen format, in input order. */
class Sink {
  private n = 0;
  private readonly jsonItems: string[] = [];
  constructor(
    private readonly format: Format,
    private readonly io: Io,
  ) {}

  record(o: Output): void {
    this.n++;
    if (this.format === 'jsonl') this.io.out(`${JSON.stringify(o)}\n`);
    else if (this.format === 'json') this.jsonItems.push(JSON.stringify(o, null, 2));
    else if (this.format === 'md') this.io.out(`${this.n > 1 ? '\n---\n\n' : ''}${markdown(o)}\n`);
    else this.io.out(`${this.n > 1 ? '\n' : ''}${brief(o)}\n`);
  }

  error(e: ErrorOutput): void {
    this.io.err(`attache: ${errorBrief(e)}\n`);
    if (this.format === 'jsonl') this.io.out(`${JSON.stringify(e)}\n`);
    else if (this.format === 'json') this.jsonItems.push(JSON.stringify(e, null, 2));
  }

  close(): void {
    if (this.format !== 'json') return;
    if (this.jsonItems.length === 1) this.io.out(`${this.jsonItems[0]}\n`);
    else if (this.jsonItems.length > 1) this.io.out(`[\n${this.jsonItems.join(',\n')}\n]\n`);
  }
}
