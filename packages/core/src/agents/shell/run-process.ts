import { spawn } from 'node:child_process';
import { CappedText } from '../../text/capped-text.js';

export interface ProcessSpec {
  /** `[file, ...args]`, run without a shell. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  readonly signal: AbortSignal;
  readonly outputLimitBytes: number;
  /** Time between SIGTERM and SIGKILL when stopping the process tree. */
  readonly killGraceMs?: number;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a process in its own process group, so that on abort the whole tree
 * (the shell and everything it started) is stopped, and nothing it left in
 * the background outlives it. Rejects with the signal's reason on abort.
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const [file, ...args] = spec.argv;
  const grace = spec.killGraceMs ?? 2000;
  return new Promise((resolve, reject) => {
    if (spec.signal.aborted) {
      reject(spec.signal.reason);
      return;
    }
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout = new CappedText(spec.outputLimitBytes);
    const stderr = new CappedText(spec.outputLimitBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.append(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.append(chunk));
    child.stdin.on('error', () => {}); // the process may exit without reading its input
    child.stdin.end(spec.stdin ?? '');

    let killTimer: NodeJS.Timeout | undefined;
    const stopGroup = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), grace);
      killTimer.unref();
    };
    const onAbort = () => stopGroup();
    spec.signal.addEventListener('abort', onAbort, { once: true });

    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background children still in the group would keep the pipes open.
      signalGroup(child.pid, 'SIGKILL');
    });
    child.on('error', (error) => {
      spec.signal.removeEventListener('abort', onAbort);
      reject(new Error(`could not start "${file}": ${error.message}`));
    });
    child.on('close', (code, signal) => {
      spec.signal.removeEventListener('abort', onAbort);
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (spec.signal.aborted) {
        signalGroup(child.pid, 'SIGKILL');
        reject(spec.signal.reason);
        return;
      }
      const ended = exit ?? { code, signal };
      resolve({ exitCode: ended.code, signal: ended.signal, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
