import fs from 'node:fs';
import path from 'node:path';

/**
 * Decides which paths agents may read and write: the workspace root plus
 * explicitly allowed directories. Symlinks are resolved before the check, so a
 * link inside the workspace that points outside it is refused.
 */
export class PathPolicy {
  readonly workspace: string;
  readonly roots: readonly string[];

  constructor(workspace: string, extraRoots: readonly string[] = []) {
    this.workspace = path.resolve(workspace);
    this.roots = [this.workspace, ...extraRoots.map((root) => path.resolve(this.workspace, root))].map(realpathOrSelf);
  }

  /** Absolute form of `target`, relative paths taken from the workspace. */
  resolve(target: string): string {
    return path.resolve(this.workspace, target);
  }

  /** The resolved path when allowed, otherwise undefined. */
  check(target: string): string | undefined {
    const absolute = this.resolve(target);
    const real = realpathOfNearestExisting(absolute);
    return this.roots.some((root) => isInside(root, real)) ? absolute : undefined;
  }

  /** Like `check`, but throws with a message naming the path and the allowed roots. */
  require(target: string, what: string): string {
    const allowed = this.check(target);
    if (allowed === undefined) throw new Error(this.describeRefusal(target, what));
    return allowed;
  }

  describeRefusal(target: string, what: string): string {
    return `${what} "${target}" is outside the allowed roots (${this.roots.join(', ')}); allow it with config.allowed_paths or --allow-path`;
  }
}

/** Whether `candidate` is `root` or lies under it (both absolute). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  // `..foo` is a folder inside; only `..` itself or a path through it leaves the root.
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function realpathOrSelf(target: string): string {
  try {
    return fs.realpathSync.native(target);
  } catch {
    return target;
  }
}

/** Resolves symlinks in the longest existing prefix, so paths still to be created are checked too. */
function realpathOfNearestExisting(absolute: string): string {
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}
