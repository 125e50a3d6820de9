import path from 'node:path';

/** Paths inside the workspace are shown relative to it, with `/`; others as they are. */
export function displayPath(file: string, workspace: string): string {
  const relative = path.relative(workspace, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
