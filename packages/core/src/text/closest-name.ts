/**
 * The known name a misspelt one most likely meant: same letters in another case,
 * or a typo or two (one for names of up to five characters, none for one or
 * two, so `d` does not suggest `a`). The first in file order on ties.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const allowed = wanted.length <= 2 ? 0 : wanted.length <= 5 ? 1 : 2;
  let best: { id: string; distance: number } | undefined;
  for (const id of known) {
    if (Math.abs(id.length - wanted.length) > allowed) continue;
    const distance = typoDistance(id.toLowerCase(), wanted, best === undefined ? allowed : best.distance - 1);
    if (distance !== undefined && (best === undefined || distance < best.distance)) best = { id, distance };
    if (best?.distance === 0) break;
  }
  return best?.id;
}

/**
 * Edits (insert, delete, replace, swap two neighbours) turning a into b, or
 * undefined when more than `limit`. Gives up as soon as two rows in a row
 * exceed the limit, so comparing unrelated names costs a few rows, not the whole table.
 */
function typoDistance(a: string, b: string, limit: number): number | undefined {
  if (limit < 0) return undefined;
  const width = b.length + 1;
  let before = new Int32Array(width);
  let previous = new Int32Array(width);
  let row = new Int32Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  let previousSmallest = 0;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let smallest = i;
    for (let j = 1; j < width; j++) {
      let cost = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2]! + 1);
      row[j] = cost;
      if (cost < smallest) smallest = cost;
    }
    // A swap reaches back two rows, so stop only when both are past the limit.
    if (smallest > limit && previousSmallest > limit) return undefined;
    previousSmallest = smallest;
    [before, previous, row] = [previous, row, before];
  }
  const distance = previous[b.length]!;
  return distance <= limit ? distance : undefined;
}
