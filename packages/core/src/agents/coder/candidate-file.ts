import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The generated file before it is accepted: written beside the target (so
 * relative imports resolve and the final rename is atomic, as with
 * `writeFileAtomic`), checked there, then renamed onto the target or removed.
 * It keeps the target's extension so tools run on it treat it alike.
 */
export class CandidateFile {
  private written = false;

  private constructor(
    readonly path: string,
    private readonly target: string,
    /** The first directory made for it, removed again if nothing is committed. */
    private readonly createdDir: string | undefined,
  ) {}

  static async beside(target: string): Promise<CandidateFile> {
    const dir = path.dirname(target);
    const createdDir = await fs.mkdir(dir, { recursive: true });
    const ext = path.extname(target);
    const stem = path.basename(target, ext);
    return new CandidateFile(path.join(dir, `${stem}.pdispatch-${randomBytes(4).toString('hex')}${ext}`), target, createdDir);
  }

  async write(text: string): Promise<void> {
    await fs.writeFile(this.path, text, { flag: this.written ? 'w' : 'wx' });
    this.written = true;
  }

  /** What is there now: a check command may have rewritten it (a formatter, say). */
  async read(): Promise<string> {
    return fs.readFile(this.path, 'utf8');
  }

  /**
   * Moves the candidate onto the target. Replacing keeps the old file's mode.
   * Without `overwrite` a hard link claims the name, so a file that appeared
   * meanwhile is never replaced.
   */
  async commit(overwrite: boolean): Promise<void> {
    if (overwrite) {
      const mode = await fs.stat(this.target).then((stat) => stat.mode & 0o7777, () => undefined);
      if (mode !== undefined) await fs.chmod(this.path, mode);
      await fs.rename(this.path, this.target);
    } else {
      try {
        await fs.link(this.path, this.target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
        await fs.copyFile(this.path, this.target, fs.constants.COPYFILE_EXCL); // file systems without hard links
      }
      await fs.rm(this.path, { force: true });
    }
    this.written = false;
  }

  /** Removes the candidate and the directories made for it, when they are empty. */
  async discard(): Promise<void> {
    await fs.rm(this.path, { force: true });
    if (this.createdDir === undefined) return;
    for (let dir = path.dirname(this.path); ; dir = path.dirname(dir)) {
      try {
        await fs.rmdir(dir);
      } catch {
        return; // not empty (or gone): leave it and its parents
      }
      if (dir === this.createdDir || path.dirname(dir) === dir) return;
    }
  }
}
