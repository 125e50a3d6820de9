// Writes dist/dispatch.schema.json from the built zod schema (run by the root build).
import fs from 'node:fs';
import { dispatchJsonSchema } from '../dist/index.js';

const target = new URL('../dist/dispatch.schema.json', import.meta.url);
fs.writeFileSync(target, `${JSON.stringify(dispatchJsonSchema(), null, 2)}\n`);
