/** A trace value as the report shows it: strings as they are, anything else as indented JSON; null when there is nothing. */
export function displayText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
