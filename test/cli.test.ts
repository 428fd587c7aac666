import { mkdtempSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../src/cli/main.ts';
import { OutputSchema } from '../src/schema/output.ts';

const SEED = join(import.meta.dirname, '..', 'examples', 'seed-article.txt');
const tmp = mkdtempSync(join(tmpdir(), 'attache-cli-'));

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    isTTY: false,
    errIsTTY: false,
  };
  const code = await main(args, io);
  return { code, out, err };
}

describe('attache analyze', () => {
  it('analyses the seed with --published and prints a record that matches the schema', async () => {
    const r = await run(['analyze', SEED, '--published', '2022-01-14', '--format', 'json']);
    expect(r.code).toBe(0);
    const o = OutputSchema.parse(JSON.parse(r.out));
    expect(o.published).toMatchObject({ value: '2022-01-14', source: 'user', confidence: 1 });
    expect(o.dateline?.text).toBe('Brussels, Belgium');
    expect(o.text.slice(o.dateline!.start, o.dateline!.end)).toBe('Brussels, Belgium');
  });

  it('without --published reports the page header date with low confidence and a warning', async () => {
    const r = await run(['analyze', SEED, '--format', 'json']);
    const o = OutputSchema.parse(JSON.parse(r.out));
    expect(o.published.value).toBe('2022-01-26');
    expect(o.published.source).toBe('page-header');
    expect(o.published.confidence).toBeLessThan(0.5);
    expect(o.warnings.map((w) => w.code)).toContain('ATT-W001');
  });

  it.each(['brief', 'md', 'jsonl'])('prints the %s format', async (format) => {
    const r = await run(['analyze', SEED, '--published', '2022-01-14', '--format', format]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(format === 'jsonl' ? '"dateline"' : 'Brussels, Belgium');
  });

  it('reads stdin', async () => {
    const r = await run(['analyze', '-', '--format', 'json'], 'WASHINGTON — The talks ended on Monday, officials said.');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { dateline: { text: string } }).dateline.text).toBe('WASHINGTON');
  });

  it('usage errors exit 2', async () => {
    expect((await run(['analyze', SEED, '--format', 'xml'])).code).toBe(2);
    expect((await run(['analyze', SEED, '--published', '14/01/2022'])).code).toBe(2);
    expect((await run(['analyze', SEED, '--published', '2022-02-30'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('--help works for every command', async () => {
    for (const args of [['--help'], ['analyze', '--help'], ['errors', '--help']]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: attache/);
    }
  });
});

describe('bad input gets a coded error and exit 1, never a crash', () => {
  const cases: [string, () => string, string][] = [
    ['empty file', () => file('empty.txt', ''), 'ATT-E010'],
    ['whitespace-only file', () => file('blank.txt', ' \n\n\t '), 'ATT-E010'],
    ['binary file', () => file('bin.dat', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), 'ATT-E011'],
    ['invalid UTF-8', () => file('latin1.txt', Buffer.from('Caf\xe9 na\xefve r\xe9sum\xe9 at the talks in Gen\xe8ve.', 'latin1')), 'ATT-E012'],
    ['a 200 MB file (refused from its size, never read)', () => bigFile(), 'ATT-E013'],
    ['missing file', () => join(tmp, 'nope.txt'), 'ATT-E014'],
    ['HTML with no article', () => file('empty.html', '<html><head><title>x</title></head><body><nav><a href="/">Home</a></nav></body></html>'), 'ATT-E020'],
  ];
  it.each(cases)('%s', async (_name, make, code) => {
    const r = await run(['analyze', make(), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(code);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect((JSON.parse(r.out) as { error: { code: string } }).error.code).toBe(code);
  });

  it.each([
    ['http://127.0.0.1/', 'ATT-E031'],
    ['http://169.254.169.254/latest/meta-data/', 'ATT-E031'],
    ['http://localhost:8080/x', 'ATT-E031'],
    ['file:///etc/passwd', 'ATT-E030'],
  ])('refuses the URL %s', async (url, code) => {
    const r = await run(['analyze', url, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(code);
  });
});

describe('JSONL batches', () => {
  it('gives one output line per input line, in order; a bad line gives an error object and the batch goes on', async () => {
    const lines = [
      JSON.stringify({ id: 'a', text: 'MOSCOW (Reuters) - Russia said on Monday it would respond.', published: '2022-01-14' }),
      '{"id": "b", "text": broken',
      JSON.stringify({ id: 'c', html: '<html><body><article><h1>Talks end</h1><p>KYIV, Ukraine — Officials met on Wednesday to discuss the crisis over the border, and said the talks had gone well.</p></article></body></html>' }),
      JSON.stringify({ id: 'd' }),
      JSON.stringify({ id: 'e', text: 'WASHINGTON — The US said last month it would talk.', published: 'yesterday' }),
    ];
    const path = file('batch.jsonl', lines.join('\n') + '\n');
    const r = await run(['analyze', path]);
    expect(r.code).toBe(1);
    const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; error?: { code: string }; times?: { value: string }[] });
    expect(out).toHaveLength(5);
    expect(out.map((o) => o.id)).toEqual(['a', null, 'c', 'd', 'e']);
    expect(out[0]!.times!.map((t) => t.value)).toContain('2022-01-10');
    expect(out[1]!.error!.code).toBe('ATT-E040');
    expect(out[2]!.error).toBeUndefined();
    expect(out[3]!.error!.code).toBe('ATT-E041');
    expect(out[4]!.error!.code).toBe('ATT-E051');
  });

  it('skips a line over the size cap without buffering it and goes on', async () => {
    const big = JSON.stringify({ id: 'big', text: 'x '.repeat(5000) });
    const path = file('big.jsonl', `${big}\n${JSON.stringify({ id: 'ok', text: 'LONDON: Talks resumed on Friday.' })}\n`);
    const r = await run(['analyze', path, '--max-bytes', '2000']);
    const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; error?: { code: string } });
    expect(out[0]!.error!.code).toBe('ATT-E013');
    expect(out[1]!.id).toBe('ok');
  });
});

describe('the real binary', () => {
  it('exits with the right code and prints no stack trace', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'attache.js');
    const bad = spawnSync(process.execPath, [bin, 'analyze', file('e.txt', '')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^attache: \S*e\.txt: ATT-E010: input is empty/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const ok = spawnSync(process.execPath, [bin, 'analyze', SEED, '--format', 'brief', '--published', '2022-01-14'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Brussels, Belgium');
  });
});

function file(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function bigFile(): string {
  const p = join(tmp, 'huge.txt');
  writeFileSync(p, 'x');
  truncateSync(p, 200 * 1024 * 1024); // sparse: takes no disk
  return p;
}


describe('bug: piping to `head` crashed with EPIPE', () => {
  it('exits quietly when the reader closes the pipe', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'attache.js');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" analyze "${SEED}" --format json | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
  });
});
