import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType; innerType?: z.core.$ZodType; in?: z.core.$ZodType; options?: readonly z.core.$ZodType[] };

/** The schemas a path leads to inside `schema` (several under a union), for messages that need the schema's own facts. */
export function schemasAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType[] {
  let current = [schema];
  for (const segment of path) current = current.flatMap((each) => unwrap(each)).flatMap((each) => child(each, segment));
  return current.flatMap((each) => unwrap(each));
}

/** The field names an object schema at `path` knows, for "did you mean". */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(schemasAt(schema, path).flatMap((each) => Object.keys(def(each).shape ?? {})))];
}

function def(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** Through optional, default, pipe and union wrappers to the schemas that check values. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const { innerType, in: input, options, type } = def(schema);
  if (innerType !== undefined) return unwrap(innerType);
  if (type === 'pipe' && input !== undefined) return unwrap(input);
  if (options !== undefined) return options.flatMap((option) => unwrap(option));
  return [schema];
}

function child(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType[] {
  const { shape, element, valueType } = def(schema);
  if (shape !== undefined && typeof segment === 'string' && segment in shape) return [shape[segment]!];
  if (element !== undefined && typeof segment === 'number') return [element];
  if (valueType !== undefined) return [valueType];
  return [];
}
