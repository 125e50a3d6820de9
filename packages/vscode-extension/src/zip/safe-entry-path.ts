/**
 * The path an archive entry may be written to, relative to the extraction folder and with `/`
 * separators, or undefined when the name would land outside it (zip slip): absolute paths,
 * drive letters, `..` segments, backslash tricks and NUL bytes.
 */
export function safeEntryPath(name: string): string | undefined {
  if (name === '' || name.includes('\0')) return undefined;
  // Zip names use `/`, but archives made on Windows sometimes use `\`; treat both as separators.
  const unified = name.replaceAll('\\', '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return undefined;
  const segments = unified.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.some((segment) => segment === '..')) return undefined;
  return segments.join('/');
}
