import fs from 'node:fs/promises';
import path from 'node:path';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { REPO } from './run-cli.js';

const EXAMPLES = path.join(REPO, 'examples');

/** What running the examples leaves in examples/ (ignored by git): a copy starts without it, as a fresh clone does. */
function isRunOutput(source: string): boolean {
  if (path.dirname(source) !== EXAMPLES) return false;
  const name = path.basename(source);
  return name === 'traces' || name === 'build' || name.endsWith('.tgz');
}

/**
 * A temporary directory (removed after the test) holding a copy of the repository's examples/,
 * so tests run the examples as the README says without writing into the checkout.
 */
export async function copyOfExamples(): Promise<string> {
  const dir = await tempWorkspace('pdispatch-examples-');
  await fs.cp(EXAMPLES, path.join(dir, 'examples'), { recursive: true, filter: (source) => !isRunOutput(source) });
  return dir;
}
