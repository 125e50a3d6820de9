import { lineAndColumn } from './scan-json.js';

/**
 * A dispatch file's bytes as text. Invalid UTF-8 is an error, not U+FFFD
 * pasted into a command that then runs; a leading BOM is dropped, as for stdin.
 */
export function decodeDispatchBytes(bytes: Uint8Array): { text: string } | { message: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const at = lineAndColumn(before, before.length);
    return { message: `not valid UTF-8: byte ${offset} (line ${at.line}, column ${at.col}) is 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}; save the file as UTF-8` };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      const second = bytes[i + 1];
      if (second === undefined || second < low || second > high) return i;
      for (let k = 2; k < length; k++) {
        const next = bytes[i + k];
        if (next === undefined || next < 0x80 || next > 0xbf) return i;
      }
    }
    i += length;
  }
  return i;
}
