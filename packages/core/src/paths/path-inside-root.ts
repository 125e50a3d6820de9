import path from 'node:path';

/**
 * Where `file` lies inside `root`: its path relative to the root with `/` (`''` for the root
 * itself), or undefined when it lies outside. Only a `..` segment leaves the root, so a folder
 * named `..foo` is inside. Paths recorded on another machine (a CI runner's) compare the same way.
 */
export function pathInsideRoot(file: string, root: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || relative.startsWith('../') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
