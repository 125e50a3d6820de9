/** Quotes a value for /bin/sh so it stays one word whatever it holds; plain paths stay as they are. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

type Frame =
  | { readonly kind: 'bare'; readonly closer: ')' | undefined; parens: number }
  | { readonly kind: 'double'; readonly closer: '"' }
  | { readonly kind: 'single'; readonly closer: "'" }
  | { readonly kind: 'refused'; readonly closer: '}' | "'" | '`' };

/**
 * Replaces every `placeholder` in a /bin/sh command line by `value` as literal
 * text, whatever quotes the placeholder stands in: bare it becomes `'value'`,
 * inside "…" the double quotes are closed around it, inside '…' the single
 * quotes are. So `cat "{{file}}"` is as safe as `cat {{file}}`, even for a file
 * named `$(rm -rf ~)`. Returns undefined when a placeholder stands where no
 * quoting is safe: in a here-document, `${…}`, `$'…'` or backquotes
 * (which undo backslashes); `$(…)` works. In a comment it is
 * left as it is (a newline in the value would end the comment).
 */
export function substituteShellWord(line: string, placeholder: string, value: string): string | undefined {
  const quoted = shellQuote(value);
  const stack: Frame[] = [{ kind: 'bare', closer: undefined, parens: 0 }];
  let hereDocument = false;
  let out = '';
  let i = 0;
  while (i < line.length) {
    const frame = stack[stack.length - 1]!;
    if (line.startsWith(placeholder, i)) {
      if (hereDocument || frame.kind === 'refused') return undefined;
      out += frame.kind === 'bare' ? quoted : frame.kind === 'double' ? `"${quoted}"` : `'${quoted}'`;
      i += placeholder.length;
      continue;
    }
    const c = line[i]!;
    const next = line[i + 1];
    if (frame.kind === 'single' || frame.kind === 'refused') {
      if (frame.kind === 'refused' && (c === '\\' || (c === '$' && next === '{'))) {
        if (c === '$') stack.push({ kind: 'refused', closer: '}' });
        out += line.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === frame.closer) stack.pop();
      out += c;
      i++;
      continue;
    }
    if (c === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '$' && next === '(') stack.push({ kind: 'bare', closer: ')', parens: 0 });
    else if (c === '$' && next === '{') stack.push({ kind: 'refused', closer: '}' });
    else if (c === '$' && next === "'" && frame.kind === 'bare') stack.push({ kind: 'refused', closer: "'" });
    if (stack[stack.length - 1] !== frame) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (frame.kind === 'double') {
      if (c === '"') stack.pop();
      else if (c === '`') stack.push({ kind: 'refused', closer: '`' });
      out += c;
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;&|()]/.test(line[i - 1]!))) {
      const end = line.indexOf('\n', i);
      const comment = end === -1 ? line.slice(i) : line.slice(i, end);
      out += comment;
      i += comment.length;
      continue;
    }
    if (c === "'") stack.push({ kind: 'single', closer: "'" });
    else if (c === '"') stack.push({ kind: 'double', closer: '"' });
    else if (c === '`') stack.push({ kind: 'refused', closer: '`' });
    else if (c === '(') frame.parens++;
    else if (c === ')') {
      if (frame.parens > 0) frame.parens--;
      else if (frame.closer === ')') stack.pop();
    } else if (c === '<' && next === '<') hereDocument = true;
    out += c;
    i++;
  }
  return out;
}
