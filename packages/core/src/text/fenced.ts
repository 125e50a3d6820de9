/** A fence longer than any backtick run inside, so the content cannot close it. */
export function fenced(text: string, tag = ''): string {
  const longestRun = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${tag}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}
