import type { RecordedRequest, ScriptedReply } from '../../packages/core/test-support/loopback-model-server.js';
import { requestedSchema } from './cli-model.js';

export const SEED_REQUEST = 'Generate three ONEX Effect nodes for database operations: user writer, product reader, and order updater';

export const SEED_FILES = ['nodes/node_user_writer_effect.py', 'nodes/node_product_reader_effect.py', 'nodes/node_order_updater_effect.py'];

const coderTask = (taskId: string, what: string, file: string) => ({
  task_id: taskId,
  agent: 'coder',
  description: `Generate the ${what} Effect node; independent of the other two, so it runs in parallel`,
  input_data: { contract_description: `ONEX Effect node that ${what}s in PostgreSQL`, node_type: 'Effect', output_path: file, validation_level: 'moderate' },
});

/** What a planner answers to the seed's request: three parallel coder tasks. */
export function seedPlan() {
  return {
    tasks: [
      coderTask('gen-user-writer', 'user writer', SEED_FILES[0]!),
      coderTask('gen-product-reader', 'product reader', SEED_FILES[1]!),
      coderTask('gen-order-updater', 'order updater', SEED_FILES[2]!),
    ],
  };
}

/** The seed's plan with a cycle (writer ↔ reader) and an unknown agent. */
export function brokenSeedPlan() {
  const [writer, reader, updater] = seedPlan().tasks;
  return {
    tasks: [
      { ...writer!, dependencies: ['gen-product-reader'] },
      { ...reader!, dependencies: ['gen-user-writer'] },
      { ...updater!, agent: 'node-writer' },
    ],
  };
}

export const SEED_ANSWER = {
  answer: 'Three Effect nodes were generated: `node_user_writer_effect.py`, `node_product_reader_effect.py` and `node_order_updater_effect.py`.',
  highlights: ['all three passed the moderate check'],
  follow_ups: ['add tests for the order updater'],
};

export const TOKENS = { plan: { inputTokens: 500, outputTokens: 200 }, coder: { inputTokens: 150, outputTokens: 40 }, synthesis: { inputTokens: 120, outputTokens: 30 } };

export type RequestKind = 'plan' | 'synthesis' | 'task';

/** Which step of `ask` a model request is: the planner asks for a dispatch file, the synthesis for an answer, a coder task for text. */
export function requestKind(request: RecordedRequest): RequestKind {
  const properties = requestedSchema(request)?.properties;
  if (properties?.tasks !== undefined) return 'plan';
  if (properties?.answer !== undefined) return 'synthesis';
  return 'task';
}

/** Replies for every step: `plans` one after the other for the planner, Python for coder tasks, SEED_ANSWER for the synthesis. */
export function scriptedModel(plans: readonly unknown[]): (request: RecordedRequest) => ScriptedReply {
  let planned = 0;
  return (request) => {
    switch (requestKind(request)) {
      case 'plan':
        return { json: plans[Math.min(planned++, plans.length - 1)], ...TOKENS.plan };
      case 'synthesis':
        return { json: SEED_ANSWER, ...TOKENS.synthesis };
      case 'task':
        return { text: '```python\nclass Node:\n    def run(self, payload):\n        return payload\n```\n', ...TOKENS.coder };
    }
  };
}
