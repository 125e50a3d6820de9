/**
 * JSON that is safe inside `<script type="application/json">`: every `<` (so no `</script>` or
 * `<!--` ends the block early) and the two line separators are written as JSON escapes, which
 * `JSON.parse` reads back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
