export function capped(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n…[truncated: ${text.length - limit} more characters]`;
}

export function cappedJson(value: unknown, limit: number): string {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? 'null';
  } catch (error) {
    text = `[not serialisable as JSON: ${(error as Error).message}]`;
  }
  return capped(text, limit);
}
