import { createRequire } from 'node:module';
import { main } from './program.js';

// A reader that has gone (`pdispatch run --help | head -2`) is no failure of ours: what is left
// to print is dropped, and a running dispatch still completes its traces.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`pdispatch: cannot write to stdout: ${error.message}\n`);
  process.exitCode = 1;
});

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
process.exitCode = await main(process.argv.slice(2), version);
