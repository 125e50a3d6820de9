import yauzl from 'yauzl';

/** The files of a zip archive, by name (read with yauzl): enough to check what an uploaded artifact holds. */
export async function readZip(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await yauzl.fromBufferPromise(zip, { validateEntrySizes: true, autoClose: false });
  const files = new Map<string, Buffer>();
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        archive.once('entry', resolve).once('end', () => resolve(undefined)).once('error', reject);
        archive.readEntry();
      });
      archive.removeAllListeners();
      if (entry === undefined) return files;
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await archive.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      files.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    archive.close();
  }
}
