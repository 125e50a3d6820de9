/** A tool call the server refuses (an unknown dispatch id, a file outside the roots): an isError result, never a crash. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}
