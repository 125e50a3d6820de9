import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { LoopbackModelServer, RecordedRequest, WireProtocol } from '../../packages/core/test-support/loopback-model-server.js';

/** The key the CLI is given in its environment; it must show up nowhere but in the requests' headers. */
export const FAKE_KEY = 'sk-loopback-CLI-SECRET-7731';

/** `--model`/`--base-url` and the environment that point the CLI at the loopback server over one protocol; nothing from the host's own environment leaks in. */
export function modelFlags(server: LoopbackModelServer, protocol: WireProtocol): { args: string[]; env: Record<string, string> } {
  const cleared = {
    PDISPATCH_MODEL: '',
    OPENAI_BASE_URL: '',
    ANTHROPIC_BASE_URL: '',
    GOOGLE_GENERATIVE_AI_BASE_URL: '',
    OPENAI_API_KEY: '',
    ANTHROPIC_API_KEY: '',
    GOOGLE_GENERATIVE_AI_API_KEY: '',
  };
  if (protocol === 'openai') return { args: ['--model', 'openai-compatible:loopback-model', '--base-url', server.baseUrl], env: { ...cleared, OPENAI_API_KEY: FAKE_KEY } };
  if (protocol === 'anthropic') return { args: ['--model', 'anthropic:claude-loopback', '--base-url', server.baseUrl], env: { ...cleared, ANTHROPIC_API_KEY: FAKE_KEY } };
  return { args: ['--model', 'google:gemini-loopback', '--base-url', server.googleBaseUrl], env: { ...cleared, GOOGLE_GENERATIVE_AI_API_KEY: FAKE_KEY } };
}

/** The JSON Schema a structured-output request asks for, whichever protocol carried it. */
export function requestedSchema(request: RecordedRequest): { properties?: Record<string, unknown> } | undefined {
  const body = request.body;
  return body.response_format?.json_schema?.schema ?? body.output_config?.format?.schema ?? body.generationConfig?.responseSchema ?? body.tools?.[0]?.input_schema;
}

/** The key reached the server in the request headers and nowhere else: not the traces, not what the CLI printed. */
export async function expectNoKey(server: LoopbackModelServer, traceDir: string, ...outputs: string[]): Promise<void> {
  expect(server.requests.length).toBeGreaterThan(0);
  for (const request of server.requests) expect(request.headers.authorization ?? request.headers['x-api-key'] ?? request.headers['x-goog-api-key']).toContain(FAKE_KEY);
  const files = (await fs.readdir(traceDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  expect(files.length).toBeGreaterThan(1);
  for (const file of files) expect(await fs.readFile(path.join(file.parentPath, file.name), 'utf8')).not.toContain(FAKE_KEY);
  for (const output of outputs) expect(output).not.toContain(FAKE_KEY);
}
