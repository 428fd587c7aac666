/**
 * A fetcher that is safe to point at user-given URLs from a server: only http(s); every
 * host, including each redirect target, resolved and checked against private, loopback,
 * link-local and other special ranges; the connection pinned to the checked address (no DNS
 * rebinding between check and connect); one deadline over DNS, connect, headers and body;
 * a byte cap enforced while streaming.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { TextDecoder } from 'node:util';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AttacheError } from '../pipeline/errors.ts';

export interface SafeFetchOptions {
  /** Allow private, loopback and link-local addresses (your own network). Default false. */
  allowPrivate?: boolean;
  /** One deadline for the whole fetch, redirects included. Default 15 s. */
  timeoutMs?: number;
  /** Cap on the (decompressed) body. Default 10 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
}

export interface FetchResult {
  /** The URL asked for. */
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  /** The Content-Type header as sent ('' when absent). */
  contentType: string;
  body: string;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** What the fetcher asks the outside world; tests replace it to exercise the checks without real DNS. */
export interface FetchDeps {
  resolve(host: string): Promise<ResolvedAddress[]>;
  isBlocked(address: string): boolean;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = 'Attache/0.1 (+https://github.com/attache; news article reader)';

const ALLOWED_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const defaultDeps: FetchDeps = {
  resolve: async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family })),
  isBlocked: isBlockedAddress,
};

/**
 * Fetches a page for analysis.
 *
 * @example const page = await safeFetch('https://example.org/news/1'); htmlToArticle(page.body, { url: page.finalUrl })
 */
export async function safeFetch(url: string, opts: SafeFetchOptions = {}, deps: FetchDeps = defaultDeps): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    let current = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      const address = await checkHost(current, opts.allowPrivate ?? false, deps, ac.signal);
      const res = await request(current, address, opts.userAgent ?? DEFAULT_USER_AGENT, ac.signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.destroy();
        const location = res.headers.location;
        if (!location) throw new AttacheError('ATT-E035', `HTTP ${status} without a Location header from ${current.href}`);
        if (redirects + 1 > maxRedirects) throw new AttacheError('ATT-E034', `more than ${maxRedirects} redirects from ${url}`);
        current = parseUrl(location, current);
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw new AttacheError('ATT-E035', `HTTP ${status} from ${current.href}`);
      }
      const contentType = res.headers['content-type'] ?? '';
      const mime = contentType.split(';')[0]!.trim().toLowerCase();
      if (mime !== '' && !ALLOWED_TYPES.has(mime)) {
        res.destroy();
        throw new AttacheError('ATT-E036', `${mime} from ${current.href}`);
      }
      const declared = Number(res.headers['content-length']);
      if (!res.headers['content-encoding'] && Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        throw new AttacheError('ATT-E033', `${current.href} declares ${declared} bytes, the cap is ${maxBytes}`);
      }
      const bytes = await readCapped(res, maxBytes, current.href);
      return { url, finalUrl: current.href, status, contentType, body: decodeBody(bytes, contentType, mime, current.href) };
    }
  } catch (err) {
    if (ac.signal.aborted && !(err instanceof AttacheError && err.code !== 'ATT-E035')) {
      throw new AttacheError('ATT-E032', `${url} took more than ${timeoutMs} ms`, { cause: err });
    }
    if (err instanceof AttacheError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new AttacheError('ATT-E035', `${url}: ${e.code ?? e.message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

function parseUrl(s: string, base?: URL): URL {
  let u: URL;
  try {
    u = new URL(s, base);
  } catch {
    throw new AttacheError('ATT-E030', `not a URL: ${s.slice(0, 200)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AttacheError('ATT-E030', `${u.protocol} URL ${u.href.slice(0, 200)}`);
  if (u.username || u.password) throw new AttacheError('ATT-E030', 'URLs with a user name or password are not fetched');
  return u;
}

/** Resolves the URL's host and checks every address; returns the one to connect to. */
async function checkHost(u: URL, allowPrivate: boolean, deps: FetchDeps, signal: AbortSignal): Promise<ResolvedAddress> {
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.localdomain' || host === 'ip6-localhost')) {
    throw new AttacheError('ATT-E031', host);
  }
  let addrs: ResolvedAddress[];
  const family = isIP(host);
  if (family) addrs = [{ address: host, family }];
  else {
    try {
      addrs = await abortable(deps.resolve(host), signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new AttacheError('ATT-E035', `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  if (addrs.length === 0) throw new AttacheError('ATT-E035', `${host} has no address`);
  if (!allowPrivate) {
    // Refuse when any address is special: a host that resolves to both is not trusted.
    const bad = addrs.find((a) => deps.isBlocked(a.address));
    if (bad) throw new AttacheError('ATT-E031', `${host} resolves to ${bad.address}`);
  }
  return addrs[0]!;
}

function request(u: URL, pinned: ResolvedAddress, userAgent: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      {
        method: 'GET',
        agent: false, // no pooled sockets: a pooled connection could go to an unchecked address
        signal,
        headers: {
          'user-agent': userAgent,
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
        },
        // Connect to the address that was checked, never to a fresh DNS answer.
        lookup: ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
          if (options?.all) cb(null, [{ address: pinned.address, family: pinned.family }]);
          else cb(null, pinned.address, pinned.family);
        }) as unknown as http.RequestOptions['lookup'],
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** Reads the body, decompressing, and stops as soon as it passes maxBytes. */
async function readCapped(res: http.IncomingMessage, maxBytes: number, href: string): Promise<Buffer> {
  const enc = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  let stream: Readable = res;
  if (enc === 'gzip' || enc === 'x-gzip' || enc === 'deflate' || enc === 'br') {
    const z = enc === 'br' ? zlib.createBrotliDecompress() : enc === 'deflate' ? zlib.createInflate() : zlib.createGunzip();
    res.on('error', (e) => z.destroy(e));
    res.pipe(z);
    stream = z;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      total += b.length;
      if (total > maxBytes) throw new AttacheError('ATT-E033', `${href} is larger than ${maxBytes} bytes`);
      chunks.push(b);
    }
  } finally {
    if (stream !== res) stream.destroy();
    res.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * Bytes → text by the charset of the Content-Type, a BOM, or a <meta charset> in the head;
 * UTF-8 otherwise. Bytes invalid in that charset are refused (ATT-E012).
 */
export function decodeBody(bytes: Uint8Array, contentType: string, mime: string, href = 'response'): string {
  let label = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1];
  if (!label) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) label = 'utf-8';
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
    else if (mime !== 'text/plain') label = sniffMetaCharset(bytes);
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? 'utf-8', { fatal: true });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: true }); // an unknown label: UTF-8 is the best guess
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new AttacheError('ATT-E012', `${href} is not valid ${decoder.encoding}`);
  }
}

/** <meta charset="x"> or <meta http-equiv="Content-Type" content="…; charset=x"> in the first 4 KB. */
function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1];
}

// ---------------------------------------------------------------- address policy

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the 169.254.169.254 cloud metadata service
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/**
 * Whether an address is loopback, private, link-local, CGNAT, multicast or otherwise not a
 * public host, including IPv4 addresses wrapped in IPv6 (mapped, NAT64, 6to4).
 *
 * @example isBlockedAddress('169.254.169.254') // true
 * @example isBlockedAddress('::ffff:10.0.0.1') // true
 * @example isBlockedAddress('93.184.216.34') // false
 */
export function isBlockedAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').split('%')[0]!;
  const fam = isIP(a);
  if (fam === 4) return blocked.check(a, 'ipv4');
  if (fam !== 6) return true; // not an address at all: refuse
  const g = expandIPv6(a);
  if (!g) return true;
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64), ::ffff:0:a.b.c.d (translated)
  if (zero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return g[5] === 0 && g[6] === 0 ? blocked.check(a, 'ipv6') : blocked.check(v4(g[6]!, g[7]!), 'ipv4');
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return blocked.check(v4(g[6]!, g[7]!), 'ipv4');
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return blocked.check(v4(g[6]!, g[7]!), 'ipv4');
  if (g[0] === 0x2002) return blocked.check(v4(g[1]!, g[2]!), 'ipv4') || blocked.check(a, 'ipv6');
  return blocked.check(a, 'ipv6');
}

/** '::ffff:7f00:1' → eight 16-bit groups; undefined when malformed. */
function expandIPv6(a: string): number[] | undefined {
  let s = a.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = s.includes('::') ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array<string>(Math.max(fill, 0)).fill('0'), ...t].map((x) => parseInt(x, 16));
  return groups.length === 8 && groups.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? groups : undefined;
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
