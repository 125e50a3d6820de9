import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const ACTION_DIR = path.join(REPO, 'packages/action');
export const ACTION = path.join(ACTION_DIR, 'dist/index.js');
/** The runtime is node24 on runners; set PDISPATCH_ACTION_NODE to a Node 24 binary to test on it too. */
export const ACTION_NODE = process.env['PDISPATCH_ACTION_NODE'] || process.execPath;

/** Bundles the action the way CI does (`node packages/action/build.mjs`). */
export async function buildAction(outdir?: string): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(ACTION_DIR, 'build.mjs'), ...(outdir === undefined ? [] : ['--outdir', outdir])], { cwd: REPO });
}

export interface Annotation {
  readonly level: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
}

export interface ActionResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  /** `::error …::` and `::warning …::` lines, decoded. */
  readonly annotations: readonly Annotation[];
}

export interface ActionRunOptions {
  /** Input values by name as in action.yml; the rest get action.yml's defaults, as the runner does. */
  readonly inputs: Readonly<Record<string, string>>;
  /** GITHUB_WORKSPACE and the working directory. */
  readonly workspace: string;
  /** The runner's variables: GITHUB_*, ACTIONS_* … */
  readonly env: Readonly<Record<string, string>>;
  /** Stands in for `${{ github.token }}` in input defaults. */
  readonly githubToken?: string;
  readonly onSpawn?: (child: ChildProcess, stdout: () => string) => void;
}

/** Runs the bundled action as the runner does: `node dist/index.js` with INPUT_* and the runner's files. */
export async function runAction(options: ActionRunOptions): Promise<ActionResult> {
  const files = await tempWorkspace('pdispatch-runner-');
  const outputFile = path.join(files, 'output');
  const summaryFile = path.join(files, 'step_summary');
  await fs.writeFile(outputFile, '');
  await fs.writeFile(summaryFile, '');
  const inputs = { ...(await actionDefaults(options.githubToken ?? '')), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? files,
    RUNNER_TEMP: files,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])),
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(ACTION_NODE, [ACTION], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      void (async () => {
        resolve({
          code,
          stdout,
          stderr,
          outputs: parseOutputs(await fs.readFile(outputFile, 'utf8')),
          summary: await fs.readFile(summaryFile, 'utf8'),
          annotations: parseAnnotations(stdout),
        });
      })().catch(reject);
    });
    options.onSpawn?.(child, () => stdout);
  });
}

/** The defaults action.yml gives, with `${{ github.token }}` filled in as the runner does. */
async function actionDefaults(githubToken: string): Promise<Record<string, string>> {
  const metadata = parse(await fs.readFile(path.join(ACTION_DIR, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(
    Object.entries(metadata.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default).replace('${{ github.token }}', githubToken)]),
  );
}

/** `name<<DELIMITER\nvalue\nDELIMITER\n`, as @actions/core writes GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (match === null) continue;
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter((pair) => pair !== '')
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), decode(pair.slice(at + 1))];
        }),
    );
    annotations.push({ level: match[1]!, properties, message: decode(match[3]!) });
  }
  return annotations;
}

function decode(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}
