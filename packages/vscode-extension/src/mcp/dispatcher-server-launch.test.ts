import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dispatcherServerLaunch, type DispatcherServerInputs } from './dispatcher-server-launch.js';

const EXTENSION = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLED_CLI = path.join(EXTENSION, 'dist/cli/bin/pdispatch.js');

const inputs = (overrides: Partial<DispatcherServerInputs> = {}, settings: Partial<DispatcherServerInputs['settings']> = {}): DispatcherServerInputs => ({
  folderPath: '/work/app',
  folderName: 'app',
  multiRoot: false,
  cliPath: BUNDLED_CLI,
  nodePath: process.execPath,
  version: '1.2.3',
  trusted: true,
  hostEnv: { PATH: '/usr/bin', VSCODE_IPC_HOOK: '/tmp/ipc.sock', OPENAI_API_KEY: 'sk-from-the-shell' },
  ...overrides,
  settings: { model: undefined, modelBaseUrl: undefined, maxWorkers: undefined, traceDir: undefined, allowShell: true, ...settings },
});

describe('dispatcherServerLaunch', () => {
  it('runs the bundled pdispatch mcp with the editor\'s Node on the folder, writing traces where the tree reads them', () => {
    const launch = dispatcherServerLaunch(inputs());
    expect(launch).toEqual({
      label: 'Parallel Dispatcher',
      command: process.execPath,
      args: [BUNDLED_CLI, 'mcp', '--workspace', '/work/app', '--trace-dir', path.join('/work/app', 'traces'), '--allow-shell'],
      cwd: '/work/app',
      // The editor's own handles are removed; nothing else of the host's is repeated (keys least of all).
      env: { VSCODE_IPC_HOOK: null, ELECTRON_RUN_AS_NODE: '1' },
      version: '1.2.3',
    });
  });

  it('passes the settings as flags and names the folder when several are open', () => {
    const launch = dispatcherServerLaunch(inputs({ multiRoot: true }, { model: 'openai-compatible:llama3.1', modelBaseUrl: 'http://127.0.0.1:11434/v1', maxWorkers: 3, traceDir: '/tmp/traces' }));
    expect(launch.label).toBe('Parallel Dispatcher (app)');
    expect(launch.args.slice(1)).toEqual(['mcp', '--workspace', '/work/app', '--trace-dir', '/tmp/traces', '--max-workers', '3', '--model', 'openai-compatible:llama3.1', '--base-url', 'http://127.0.0.1:11434/v1', '--allow-shell']);
  });

  it('lets commands run only in a trusted workspace with allowShell on', () => {
    expect(dispatcherServerLaunch(inputs({ trusted: false })).args).not.toContain('--allow-shell');
    expect(dispatcherServerLaunch(inputs({}, { allowShell: false })).args).not.toContain('--allow-shell');
  });

  it('sends no base URL without a model from settings (the dispatch\'s own models keep their endpoints)', () => {
    expect(dispatcherServerLaunch(inputs({}, { modelBaseUrl: 'http://127.0.0.1:1/v1' })).args).not.toContain('--base-url');
  });
});

describe('the bundled command', () => {
  it('runs from the extension\'s dist/cli as the editor starts it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-bundled-cli-'));
    try {
      const file = path.join(dir, 'ok.dispatch.json');
      await fs.writeFile(file, JSON.stringify({ tasks: [{ task_id: 'hello', agent: 'shell', input_data: { command: 'echo hi' } }] }));
      const launch = dispatcherServerLaunch(inputs({ folderPath: dir }));
      const env = { ...process.env, ELECTRON_RUN_AS_NODE: launch.env.ELECTRON_RUN_AS_NODE! };
      const run = promisify(execFile);
      const version = await run(launch.command, [launch.args[0]!, '--version'], { env, cwd: launch.cwd });
      expect(version.stdout.trim()).toBe(JSON.parse(await fs.readFile(path.join(EXTENSION, '../cli/package.json'), 'utf8')).version);
      const validated = await run(launch.command, [launch.args[0]!, 'validate', file], { env, cwd: launch.cwd });
      expect(validated.stdout).toMatch(/hello/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
