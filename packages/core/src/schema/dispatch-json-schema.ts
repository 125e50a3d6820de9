import { z } from 'zod';
import { dispatchFileSchema } from './dispatch-schema.js';

/** The JSON Schema of dispatch files, generated from the zod schema, for editors to complete and check them. */
export function dispatchJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(dispatchFileSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://parallel-dispatcher.dev/schema/dispatch.schema.json',
    title: 'Parallel Dispatcher dispatch file',
  };
}
