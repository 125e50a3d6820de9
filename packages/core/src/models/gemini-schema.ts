/**
 * Gemini takes a subset of JSON Schema (an OpenAPI 3.0 Schema) for response
 * schemas and function parameters. The AI SDK converts the rest (drops
 * `additionalProperties`, turns `oneOf` into a list Gemini accepts, resolves
 * `$ref`), but two shapes still fail with 400 INVALID_ARGUMENT: an object
 * without properties below the root (an open map: "should be non-empty for
 * OBJECT type"), and `properties`/`required` on a node that is not an object
 * (common in MCP tools' schemas: "only allowed for OBJECT type").
 */
type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function isObjectType(node: Node): boolean {
  return node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'));
}

function isOpenObject(node: Node): boolean {
  return isObjectType(node) && (!isNode(node.properties) || Object.keys(node.properties).length === 0);
}

/** The sub-schemas of a node, wherever JSON Schema keeps them. */
function children(node: Node): unknown[] {
  const listed = ['anyOf', 'oneOf', 'allOf', 'prefixItems'].flatMap((key) => (Array.isArray(node[key]) ? (node[key] as unknown[]) : []));
  const mapped = ['properties', '$defs', 'definitions'].flatMap((key) => (isNode(node[key]) ? Object.values(node[key]) : []));
  const items = Array.isArray(node.items) ? node.items : [node.items];
  return [...listed, ...mapped, ...items];
}

/** Whether Gemini would refuse this schema as a response schema: an open object anywhere below the root. */
export function hasOpenObject(schema: unknown, isRoot = true): boolean {
  if (!isNode(schema)) return false;
  if (!isRoot && isOpenObject(schema)) return true;
  return children(schema).some((child) => hasOpenObject(child, false));
}

/**
 * A tool's argument schema Gemini accepts: open-object properties left out
 * (the model cannot fill a map Gemini cannot describe; the tool gets the
 * others) and `properties`/`required` kept only on objects.
 */
export function geminiToolSchema(schema: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return clean(schema) as Record<string, unknown>;
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (!isNode(value)) return value;
  const result: Node = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'properties' || key === '$defs' || key === 'definitions') {
      if (!isNode(child)) continue;
      const kept = Object.entries(child).filter(([, sub]) => key !== 'properties' || !(isNode(sub) && isOpenObject(sub)));
      result[key] = Object.fromEntries(kept.map(([name, sub]) => [name, clean(sub)]));
    } else if (key === 'items' || key === 'anyOf' || key === 'oneOf' || key === 'allOf' || key === 'not' || key === 'prefixItems') {
      result[key] = clean(child);
    } else {
      result[key] = child;
    }
  }
  if (value.type !== undefined && !isObjectType(value)) {
    delete result.properties;
    delete result.required;
  } else if (isNode(result.properties) && Array.isArray(result.required)) {
    const names = new Set(Object.keys(result.properties));
    result.required = (result.required as unknown[]).filter((name) => typeof name === 'string' && names.has(name));
  }
  return result;
}
