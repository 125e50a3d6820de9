// A tiny test runner for the extension host: VS Code only needs `run()` to resolve or reject.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../packages/vscode-extension/src/extension.js';

type TestFunction = () => Promise<void>;
const TEST_TIMEOUT_MS = 90_000;
const tests: { name: string; fn: TestFunction }[] = [];

export function test(name: string, fn: TestFunction): void {
  tests.push({ name, fn });
}

export async function runRegisteredTests(): Promise<void> {
  const failures: string[] = [];
  const started = Date.now();
  for (const { name, fn } of tests) {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
        }),
      ]);
      console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failures.push(name);
      console.log(`  ✘ ${name} (${Date.now() - t0} ms)\n${indent((error as Error).stack ?? String(error))}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${tests.length - failures.length} passed, ${failures.length} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (failures.length > 0) throw new Error(`${failures.length} integration test(s) failed: ${failures.join('; ')}`);
}

export const EXTENSION_ID = 'parallel-dispatcher.parallel-dispatcher';

export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (extension === undefined) throw new Error(`${EXTENSION_ID} is not installed in this editor`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('the tests need a folder open');
  return folder.uri.fsPath;
}

/** Polls until `check` returns something other than undefined/false, or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : ` (last error: ${(last as Error).message})`}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function indent(text: string): string {
  return text.split('\n').map((line) => `      ${line}`).join('\n');
}
