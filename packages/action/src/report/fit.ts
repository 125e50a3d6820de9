/**
 * The most complete rendering that fits: `render(rows, withExtras)` with
 * every row and the extras (the gantt) first, then without the extras, then
 * with as many rows as fit (binary search). Never fails: with no row fitting
 * it returns the zero-row rendering cut to size.
 */
export function fitRendering(
  render: (rows: number, withExtras: boolean) => string,
  totalRows: number,
  size: (text: string) => number,
  max: number,
): string {
  const full = render(totalRows, true);
  if (size(full) <= max) return full;
  const plain = render(totalRows, false);
  if (size(plain) <= max) return plain;
  let low = 0;
  let high = totalRows - 1;
  let best: string | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const text = render(middle, false);
    if (size(text) <= max) {
      best = text;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best ?? cut(render(0, false), size, max);
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function characters(text: string): number {
  return text.length;
}

function cut(text: string, size: (text: string) => number, max: number): string {
  const marker = '\n\n… (cut to fit the size limit)\n';
  let end = Math.max(0, Math.min(text.length, max) - marker.length);
  while (end > 0 && size(text.slice(0, end) + marker) > max) end = Math.floor(end * 0.9);
  return text.slice(0, end) + marker;
}
