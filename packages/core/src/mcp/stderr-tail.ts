/** Keeps the last bytes of a stream (a server's stderr): the end is where it says why it died. */
export class StderrTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = false;

  constructor(private readonly limitBytes = 8 * 1024) {}

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept > this.limitBytes && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.kept - this.limitBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.kept -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.kept -= excess;
      }
      this.dropped = true;
    }
  }

  toString(): string {
    const text = Buffer.concat(this.chunks).toString('utf8').trim();
    return this.dropped ? `…${text}` : text;
  }
}
