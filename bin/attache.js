#!/usr/bin/env -S node --max-old-space-size=384
// The `attache` command. TypeScript sources run through tsx: no build step to forget.
// A 384 MB heap cap keeps peak RSS under 300 MB instead of ~400 MB on long batches (`npm run bench`
// measures it): V8 otherwise lets garbage pile up far above the live heap, which stays under 100 MB.
// A 19 MB HTML page still fits.
import { register } from 'tsx/esm/api';

register();
// `attache ... | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
