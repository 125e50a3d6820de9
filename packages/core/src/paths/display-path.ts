import { pathInsideRoot } from './path-inside-root.js';

/** Paths inside the workspace are shown relative to it, with `/`; others (and the workspace itself) as they are. */
export function displayPath(file: string, workspace: string): string {
  const inside = pathInsideRoot(file, workspace);
  return inside === undefined || inside === '' ? file : inside;
}
