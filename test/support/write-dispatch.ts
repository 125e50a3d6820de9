import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes a dispatch (an object, or text as it is) into `dir` and returns the file's path. */
export async function writeDispatch(dir: string, dispatch: unknown, name = 'tasks.dispatch.json'): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, typeof dispatch === 'string' ? dispatch : JSON.stringify(dispatch, null, 2));
  return file;
}
