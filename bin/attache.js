#!/usr/bin/env -S node --max-semi-space-size=4
// The `attache` command. TypeScript sources run through tsx: no build step to forget.
// A 4 MB young generation keeps peak RSS near 250 MB instead of ~330 MB on long batches
// (`npm run bench` measures it); the pipeline makes many short-lived objects.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
