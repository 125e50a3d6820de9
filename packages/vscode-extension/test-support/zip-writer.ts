import yazl from 'yazl';

export interface ZipInput {
  /** A name ending in `/` is a folder. Unsafe names (`../x`, `/etc/x`) are written too, so readers' refusals can be tested. */
  readonly name: string;
  readonly data?: string | Buffer;
  /** Defaults to deflate; 0 stores. */
  readonly method?: 0 | 8;
  /** Unix mode to record (e.g. 0o120777 for a symbolic link). */
  readonly unixMode?: number;
}

/** Writes a zip in memory with yazl, for tests of the reader (and to make artifact zips in editor tests). */
export async function writeZip(inputs: readonly ZipInput[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // yazl refuses unsafe names, as a writer should: give it a placeholder of the same length, then put the name back.
  const renamed: [Buffer, Buffer][] = [];
  inputs.forEach((input, index) => {
    const bytes = Buffer.from(input.name, 'utf8');
    let name = input.name;
    if (!isSafe(input.name)) {
      name = `unsafe${index}-`.padEnd(bytes.length, 'z');
      if (Buffer.byteLength(name) !== bytes.length) throw new Error(`test zip: name ${JSON.stringify(input.name)} is too short to stand in for`);
      renamed.push([Buffer.from(name), bytes]);
    }
    const data = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : (input.data ?? Buffer.alloc(0));
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(data, name, { compress: input.method !== 0, ...(input.unixMode === undefined ? {} : { mode: input.unixMode }) });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const out = Buffer.concat(chunks);
  for (const [placeholder, name] of renamed) {
    for (let at = out.indexOf(placeholder); at !== -1; at = out.indexOf(placeholder, at + 1)) name.copy(out, at);
  }
  return out;
}

function isSafe(name: string): boolean {
  const unified = name.replaceAll('\\', '/');
  return name !== '' && !name.includes('\0') && !/^([A-Za-z]:|\/)/.test(unified) && !unified.split('/').includes('..');
}
