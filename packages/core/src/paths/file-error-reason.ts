/** A file-system error in words, without the stack or the raw syscall text; `at` names the path it arose at. */
export function fileErrorReason(error: unknown, at?: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = at === undefined ? '' : ` (at ${at})`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied${where}`;
    case 'EROFS':
      return `the file system is read-only${where}`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the device${where}`;
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links in the path';
    case 'ENOENT':
      return `no such file or folder${where}`;
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    default: {
      const message = error instanceof Error ? error.message.replace(/^[A-Z]+: /, '') : String(error);
      return `${code === undefined ? '' : `${code}: `}${message}${where}`;
    }
  }
}
