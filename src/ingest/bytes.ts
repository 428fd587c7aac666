import { open, stat } from 'node:fs/promises';
import { AttacheError } from '../pipeline/errors.ts';

/** Default cap on one input; a bigger file is refused before it is read (memory stays bounded). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Bytes → text, refusing what is not text: empty input, binary (NUL bytes or many control
 * characters in the first 8 KB), invalid UTF-8.
 *
 * @example decodeText(Buffer.from('Hello')) // 'Hello'
 */
export function decodeText(bytes: Uint8Array, what = 'input'): string {
  if (bytes.length === 0) throw new AttacheError('ATT-E010', what);
  if (looksBinary(bytes)) throw new AttacheError('ATT-E011', what);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AttacheError('ATT-E012', what);
  }
  if (text.trim() === '') throw new AttacheError('ATT-E010', `${what} holds only whitespace`);
  return text;
}

/** NUL bytes or a high share of C0 control bytes in the head mark a binary file. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** Reads a file, refusing one above maxBytes from its size alone (it is never loaded). */
export async function readFileCapped(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new AttacheError('ATT-E014', `${path} is a directory`);
    size = st.size;
  } catch (err) {
    if (err instanceof AttacheError) throw err;
    throw new AttacheError('ATT-E014', `${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (size > maxBytes) throw new AttacheError('ATT-E013', `${path} is ${mb(size)}, the cap is ${mb(maxBytes)}`);
  const fh = await open(path, 'r');
  try {
    // Read at most maxBytes + 1, so a file that grew since stat is still caught.
    const buf = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let off = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
      if (off > maxBytes) throw new AttacheError('ATT-E013', `${path} exceeds ${mb(maxBytes)}`);
      if (off === buf.length) break;
    }
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

/** Reads a stream (stdin) up to maxBytes; past the cap it stops reading and refuses. */
export async function readStreamCapped(stream: AsyncIterable<Uint8Array | string>, maxBytes = DEFAULT_MAX_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += b.length;
    if (total > maxBytes) throw new AttacheError('ATT-E013', `stdin exceeds ${mb(maxBytes)}`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
