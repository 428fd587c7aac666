import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttacheError } from '../pipeline/errors.ts';
import { defaultDeps, isBlockedAddress, safeFetch, type FetchDeps } from './fetch.ts';

// A real HTTP server on loopback. Tests that reach it pass allowPrivate: true; every other
// test must be refused before any connection, which `hits` checks. No test sends traffic
// to a non-loopback address: refused addresses are never connected to.
let server: http.Server;
let base: string;
let port: number;
const hits: string[] = [];
const open = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.headers.host} ${req.url}`);
    open.add(res);
    res.on('close', () => open.delete(res));
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (m) {
      const n = Number(m[1]);
      res.writeHead(302, { location: n > 0 ? `/redirect/${n - 1}` : '/ok' }).end();
      return;
    }
    switch (url.pathname) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>Grüße aus Veldor – “ok”</p>');
        return;
      case '/plain':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('plain text');
        return;
      case '/latin1':
        res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }).end(Buffer.from('<p>café</p>', 'latin1'));
        return;
      case '/meta-charset':
        // "Привет" in windows-1251, declared only in the page.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"></head><body><p>'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('</p></body></html>')]));
        return;
      case '/bad-utf8':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(Buffer.from([0x41, 0xc3, 0x28, 0x42]));
        return;
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync('<p>compressed</p>'));
        return;
      case '/gzip-bomb':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x61)));
        return;
      case '/big': {
        // 4 MB in chunks, no Content-Length: the cap must stop the read midway.
        res.writeHead(200, { 'content-type': 'text/plain' });
        let sent = 0;
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = (): void => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
        return;
      }
      case '/big-declared':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(50 * 1024 * 1024) });
        res.write('a'); // then nothing: the declared size alone must refuse it
        return;
      case '/hang':
        return; // never answers
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first bytes'); // the body never ends
        return;
      case '/png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
        return;
      case '/missing':
        res.writeHead(404, { 'content-type': 'text/html' }).end('not here');
        return;
      case '/no-location':
        res.writeHead(302).end();
        return;
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
      case '/to-private-ip':
        res.writeHead(302, { location: `http://10.0.0.1:${port}/ok` }).end();
        return;
      case '/to-metadata-name':
        res.writeHead(301, { location: `http://metadata.test:${port}/latest/meta-data/` }).end();
        return;
      default:
        res.writeHead(500).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return err instanceof AttacheError ? err.code : `not an AttacheError: ${String(err)}`;
  }
  return undefined;
}

const local = { allowPrivate: true, timeoutMs: 5000 };

describe('safeFetch against a local server (allowPrivate)', () => {
  it('fetches and decodes UTF-8', async () => {
    const r = await safeFetch(`${base}/ok`, local);
    expect(r).toEqual({ url: `${base}/ok`, finalUrl: `${base}/ok`, status: 200, contentType: 'text/html; charset=utf-8', body: '<p>Grüße aus Veldor – “ok”</p>' });
  });

  it('follows 5 redirects, re-checking each, and reports the final URL', async () => {
    const r = await safeFetch(`${base}/redirect/4`, local);
    expect(r.finalUrl).toBe(`${base}/ok`);
    expect(r.url).toBe(`${base}/redirect/4`);
  });

  it('refuses a 6th redirect: ATT-E034', async () => {
    expect(await codeOf(safeFetch(`${base}/redirect/5`, local))).toBe('ATT-E034');
    expect(await codeOf(safeFetch(`${base}/redirect/1`, { ...local, maxRedirects: 1 }))).toBe('ATT-E034');
  });

  it('refuses a redirect to file://: ATT-E030', async () => {
    expect(await codeOf(safeFetch(`${base}/to-file`, local))).toBe('ATT-E030');
  });

  it('non-2xx and a redirect without Location: ATT-E035', async () => {
    const err = await safeFetch(`${base}/missing`, local).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttacheError);
    expect((err as AttacheError).code).toBe('ATT-E035');
    expect((err as AttacheError).message).toContain('HTTP 404');
    expect(await codeOf(safeFetch(`${base}/no-location`, local))).toBe('ATT-E035');
  });

  it('refuses a content type other than HTML or text: ATT-E036', async () => {
    expect(await codeOf(safeFetch(`${base}/png`, local))).toBe('ATT-E036');
    expect((await safeFetch(`${base}/plain`, local)).body).toBe('plain text');
  });

  it('stops reading past maxBytes: ATT-E033', async () => {
    expect(await codeOf(safeFetch(`${base}/big`, { ...local, maxBytes: 1024 * 1024 }))).toBe('ATT-E033');
    expect(await codeOf(safeFetch(`${base}/big-declared`, local))).toBe('ATT-E033');
    expect(await codeOf(safeFetch(`${base}/gzip-bomb`, { ...local, maxBytes: 1024 * 1024 }))).toBe('ATT-E033');
    expect((await safeFetch(`${base}/big`, local)).body.length).toBe(4 * 1024 * 1024);
  });

  it('times out on a server that never answers, and on a body that never ends: ATT-E032', async () => {
    expect(await codeOf(safeFetch(`${base}/hang`, { ...local, timeoutMs: 300 }))).toBe('ATT-E032');
    expect(await codeOf(safeFetch(`${base}/slow-body`, { ...local, timeoutMs: 300 }))).toBe('ATT-E032');
  });

  it('decodes the charset of the header, of a <meta charset>, and gzip', async () => {
    expect((await safeFetch(`${base}/latin1`, local)).body).toBe('<p>café</p>');
    expect((await safeFetch(`${base}/meta-charset`, local)).body).toContain('<p>Привет</p>');
    expect((await safeFetch(`${base}/gzip`, local)).body).toBe('<p>compressed</p>');
  });

  it('refuses bytes invalid in the declared charset: ATT-E012', async () => {
    expect(await codeOf(safeFetch(`${base}/bad-utf8`, local))).toBe('ATT-E012');
  });
});

describe('safeFetch refuses without allowPrivate, before any connection', () => {
  it.each([
    ['loopback IPv4', () => `http://127.0.0.1:${port}/ok`, 'ATT-E031'],
    ['loopback, other address', () => `http://127.1.2.3:${port}/ok`, 'ATT-E031'],
    ['loopback in decimal', () => `http://2130706433:${port}/ok`, 'ATT-E031'],
    ['localhost', () => `http://localhost:${port}/ok`, 'ATT-E031'],
    ['a name under localhost', () => `http://api.localhost:${port}/ok`, 'ATT-E031'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'ATT-E031'],
    ['IPv6 loopback', () => `http://[::1]:${port}/ok`, 'ATT-E031'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port}/ok`, 'ATT-E031'],
    ['private 10/8', () => 'http://10.0.0.1/', 'ATT-E031'],
    ['private 192.168/16', () => 'https://192.168.1.1/', 'ATT-E031'],
    ['CGNAT', () => 'http://100.64.0.1/', 'ATT-E031'],
    ['0.0.0.0', () => `http://0.0.0.0:${port}/ok`, 'ATT-E031'],
    ['file://', () => 'file:///etc/passwd', 'ATT-E030'],
    ['ftp://', () => 'ftp://example.org/file.txt', 'ATT-E030'],
    ['javascript:', () => 'javascript:alert(1)', 'ATT-E030'],
    ['not a URL', () => 'not a url', 'ATT-E030'],
    ['credentials in the URL', () => `http://user:pw@127.0.0.1:${port}/ok`, 'ATT-E030'],
  ])('%s', async (_, url, code) => {
    const before = hits.length;
    expect(await codeOf(safeFetch(url(), { timeoutMs: 2000 }))).toBe(code);
    expect(hits.length).toBe(before);
  });
});

describe('DNS answers are checked, and the connection is pinned to the checked address', () => {
  // A fake resolver: names under .test resolve as the table says; nothing else resolves.
  const table: Record<string, string> = { 'news.test': '127.0.0.1', 'metadata.test': '169.254.169.254', 'mixed.test': '10.0.0.1' };
  const calls: string[] = [];
  const deps: FetchDeps = {
    resolve: (host) => {
      calls.push(host);
      const address = table[host];
      return address ? Promise.resolve([{ address, family: 4 }]) : Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
    },
    // Treat our loopback server as if it were a public host; everything else by the real policy.
    isBlocked: (a) => a !== '127.0.0.1' && isBlockedAddress(a),
  };

  it('connects to the resolved address, resolving once per hop, with the name as Host', async () => {
    calls.length = 0;
    const before = hits.length;
    const r = await safeFetch(`http://news.test:${port}/redirect/1`, { timeoutMs: 5000 }, deps);
    expect(r.finalUrl).toBe(`http://news.test:${port}/ok`);
    expect(calls).toEqual(['news.test', 'news.test', 'news.test']);
    expect(hits.slice(before)).toEqual([`news.test:${port} /redirect/1`, `news.test:${port} /redirect/0`, `news.test:${port} /ok`]);
  });

  it('refuses a name that resolves to a private address: ATT-E031', async () => {
    expect(await codeOf(safeFetch(`http://mixed.test:${port}/ok`, { timeoutMs: 2000 }, deps))).toBe('ATT-E031');
  });

  it('re-checks redirect targets: to a private IP, to a name resolving to the metadata address', async () => {
    const before = hits.length;
    expect(await codeOf(safeFetch(`http://news.test:${port}/to-private-ip`, { timeoutMs: 2000 }, deps))).toBe('ATT-E031');
    expect(await codeOf(safeFetch(`http://news.test:${port}/to-metadata-name`, { timeoutMs: 2000 }, deps))).toBe('ATT-E031');
    expect(hits.slice(before)).toEqual([`news.test:${port} /to-private-ip`, `news.test:${port} /to-metadata-name`]);
  });

  it('an unresolvable name: ATT-E035', async () => {
    expect(await codeOf(safeFetch('http://nowhere.test/', { timeoutMs: 2000 }, deps))).toBe('ATT-E035');
  });

  it('uses dns.lookup with all addresses by default', () => {
    expect(typeof defaultDeps.resolve).toBe('function');
  });
});

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['10.0.0.1', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['100.127.255.255', true],
    ['100.128.0.1', false],
    ['0.0.0.0', true],
    ['0.1.2.3', true],
    ['224.0.0.1', true],
    ['239.255.255.250', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['febf::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:a9fe:a9fe', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::10.0.0.1', true],
    ['2002:7f00:1::1', true],
    ['2606:4700:4700::1111', false],
    ['2001:4860:4860::8888', false],
    ['fe80::1%eth0', true],
    ['not an address', true],
  ])('%s → %s', (a, want) => {
    expect(isBlockedAddress(a)).toBe(want);
  });
});
