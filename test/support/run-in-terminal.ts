import { spawn } from 'node:child_process';
import { CLI, REPO } from './run-cli.js';

export interface TerminalResult {
  readonly code: number | null;
  /** What the terminal showed: stdout and stderr together, as a user sees them. */
  readonly screen: string;
}

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the built `pdispatch` on a real pseudo-terminal (util-linux `script`),
 * so stdin, stdout and stderr are all TTYs; once the screen shows `prompt`,
 * types `answer` and Enter.
 */
export function runInTerminal(args: readonly string[], options: { cwd: string; env: Record<string, string>; prompt: string; answer: string }): Promise<TerminalResult> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map(quote).join(' ');
    // -q: no "Script started" lines; -f: flush at once; -e: exit with the command's code; -c: the command.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env, TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!typed && screen.includes(options.prompt)) {
        typed = true;
        child.stdin.write(`${options.answer}\r`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
}
