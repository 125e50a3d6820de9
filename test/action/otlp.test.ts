import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { GITHUB_TOKEN, pushPayload, startRunner, writeFiles, type Runner } from './fixtures.js';
import { buildAction, runAction } from './run-action.js';

let runner: Runner;
let receiver: OtlpReceiver | undefined;

beforeAll(async () => {
  await buildAction();
}, 60_000);

afterEach(async () => {
  await runner?.close();
  await receiver?.close();
});

const DISPATCH = {
  tasks: [
    { task_id: 'build', agent: 'shell', input_data: { command: 'echo built' } },
    { task_id: 'traced', agent: 'shell', input_data: { command: 'printf %s "$TRACEPARENT"' }, dependencies: ['build'] },
  ],
};

async function run(otel: Record<string, string>) {
  runner = await startRunner();
  await writeFiles(runner.workspace, { 'otel.dispatch.json': JSON.stringify(DISPATCH) });
  return runAction({
    workspace: runner.workspace,
    inputs: { tasks: 'otel.dispatch.json', 'allow-shell': 'true', comment: 'off' },
    githubToken: GITHUB_TOKEN,
    env: { ...(await runner.env({ name: 'push', payload: pushPayload() })), ...otel },
  });
}

describe('the action with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it('sends the dispatch as spans, and its shell tasks run inside their own span', async () => {
    receiver = await startOtlpReceiver();
    const result = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'ci-dispatch' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const spans = receiver.spans();
    const root = spans.find((span) => span.name === 'invoke_workflow')!;
    expect(root.resource).toMatchObject({ 'service.name': 'ci-dispatch' });
    const traced = spans.find((span) => span.attributes['pdispatch.task_id'] === 'traced')!;
    expect(traced).toMatchObject({ name: 'invoke_agent shell', parentSpanId: root.spanId, traceId: root.traceId });
    expect(traced.links.map((link) => link.spanId)).toEqual([spans.find((span) => span.attributes['pdispatch.task_id'] === 'build')!.spanId]);
    expect(result.stdout).toMatch(/sent 3 spans to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);
  });

  it('only warns when the collector cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const result = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}` });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['status']).toBe('success');
    expect(result.stdout).toMatch(/^::warning title=OpenTelemetry::The dispatch's spans were not sent to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/m);
  });
});
