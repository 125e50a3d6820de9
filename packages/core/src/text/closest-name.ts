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
    const distance = typoDistance(id.toLowerCase(), wanted);
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { id, distance };
  }
  return best?.id;
}

/** Edits (insert, delete, replace, swap two neighbours) turning a into b. */
function typoDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, rows[i - 2]![j - 2]! + 1);
      row.push(cost);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
