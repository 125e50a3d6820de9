import { spawn } from 'node:child_process';
import { CappedText } from '../../text/capped-text.js';

export interface ProcessSpec {
  /** `[file, ...args]`, run without a shell. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  /** Stops the process tree: SIGTERM, then SIGKILL after the grace. */
  readonly signal: AbortSignal;
  /** Stops the process tree with SIGKILL at once (the host wants it gone now). */
  readonly stopNow?: AbortSignal | undefined;
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

/** How long output still in the pipes is read after the process exited, when something else holds them open. */
const DRAIN_MS = 250;

/**
 * Runs a process in its own process group, so that on abort the whole tree
 * (the shell and everything it started) is stopped, and nothing it left in
 * the background outlives it. Settles once the process has exited and its
 * group is killed; rejects with the signal's reason on abort.
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
    let drainTimer: NodeJS.Timeout | undefined;
    const killGroup = () => signalGroup(child.pid, 'SIGKILL');
    const stopGroup = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(killGroup, grace);
    };
    spec.signal.addEventListener('abort', stopGroup, { once: true });
    spec.stopNow?.addEventListener('abort', killGroup, { once: true });

    let settled = false;
    const settleWith = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      spec.signal.removeEventListener('abort', stopGroup);
      spec.stopNow?.removeEventListener('abort', killGroup);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      outcome();
    };

    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const finish = () =>
      settleWith(() => {
        if (spec.signal.aborted) reject(spec.signal.reason);
        else resolve({ exitCode: exit?.code ?? null, signal: exit?.signal ?? null, stdout: stdout.toString(), stderr: stderr.toString() });
      });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background children still in the group would keep the pipes open.
      killGroup();
      // One that left the group (setsid) may hold them open for ever: the task ends with its process.
      drainTimer = setTimeout(finish, DRAIN_MS);
    });
    child.on('close', finish);
    child.on('error', (error) => settleWith(() => reject(new Error(`could not start "${file}": ${error.message}`))));
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
