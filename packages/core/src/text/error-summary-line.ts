/** Lines tools print after the real error: Node's version footer and stack frames, make's own report. */
const BOILERPLATE = [/^Node\.js v\d/, /^\s+at /, /^\s+\.\.\. \d+ lines matching cause stack trace \.\.\.$/, /^make(\[\d+\])?: \*\*\* /];
const NPM = /^npm (?:ERR!|error)(?: |$)/;
/** npm's block after a failed script: the script's own output above it says why. */
const NPM_SCRIPT_FAILED = /^(?:command failed|code ELIFECYCLE|Failed at the )/;
/** npm's fields and hints around its message. */
const NPM_NOISE = /^(?:$|(?:code|errno|syscall|path|command|signal|cwd)\b|[a-z]+$|A complete log of this run|\/\S+\.log$)/;

/**
 * The line of a failed command's output that says what went wrong: the last
 * one that is not boilerplate (blank lines, stack frames, Node's `Node.js vX`
 * footer, `make: ***`, npm's log-file notes). Python's traceback ends with the
 * exception already. Falls back to the last non-blank line; undefined for blank text.
 */
export function errorSummaryLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  let end = lines.length;
  while (end > 0) {
    const line = lines[end - 1]!;
    if (line.trim() === '' || BOILERPLATE.some((pattern) => pattern.test(line))) {
      end--;
    } else if (line === '}') {
      // Node prints an error's own fields (`{ code: 'E_X' }`) after its last frame.
      const open = lines.slice(0, end).findLastIndex((earlier) => earlier.endsWith(' {'));
      if (open === -1) break;
      lines[open] = lines[open]!.slice(0, -2);
      end = open + 1;
    } else if (NPM.test(line)) {
      let start = end - 1;
      while (start > 0 && NPM.test(lines[start - 1]!)) start--;
      const block = lines.slice(start, end).map((npmLine) => npmLine.replace(NPM, '').trim());
      if (start > 0 && block.some((npmLine) => NPM_SCRIPT_FAILED.test(npmLine))) {
        end = start;
        continue;
      }
      const message = block.findIndex((npmLine) => !NPM_NOISE.test(npmLine));
      if (message !== -1) return lines[start + message]!.trim();
      end = start;
    } else {
      return line.trim();
    }
  }
  return lines.findLast((line) => line.trim() !== '')?.trim();
}
