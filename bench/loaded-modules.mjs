// `node --import ./bench/loaded-modules.mjs …` with LOADED_MODULES_FILE set: appends to that file
// the path of every module the process loads besides Node's own, one a line (a module may be
// listed twice; count the distinct lines). ES modules are seen by a load hook, which runs on the
// loader's thread; CommonJS modules, which in Node 20 bypass that hook, are read from the require
// cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(file, `${fileURLToPath(url)}\n`);
  return nextLoad(url, context);
}

if (isMainThread) {
  const target = process.env.LOADED_MODULES_FILE;
  if (target === undefined || target === '') throw new Error('loaded-modules.mjs: set LOADED_MODULES_FILE to the file that receives the list');
  register(import.meta.url, { data: { file: target } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(target, Object.keys(cache).map((path) => `${path}\n`).join('')));
}
