/** `$0.0123`: four decimals below a dollar (model calls cost cents), two above; `cost unknown` for null. */
export function formatUsd(value: number | null): string {
  if (value === null) return 'cost unknown';
  return `$${value.toFixed(value < 1 ? 4 : 2)}`;
}
