import { createRequire } from 'node:module';
import { main } from './program.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
process.exitCode = await main(process.argv.slice(2), version);
