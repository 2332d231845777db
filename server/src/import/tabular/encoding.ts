// Text encodings of spreadsheet exports: UTF-8 (with or without BOM), UTF-16 and the Windows
// code pages Excel writes. "auto" looks at the start of the file: valid UTF-8 is read as UTF-8
// (a stray Windows-1252 byte further on is still read as Windows-1252, not as U+FFFD), anything
// else is what chardet says it is.
import { Transform, type TransformCallback } from 'node:stream';

import chardet from 'chardet';
import iconv from 'iconv-lite';

export const SAMPLE_BYTES = 64 * 1024;

/** Valid UTF-8 up to the end (a sequence cut off by the end of the sample is allowed). */
export function isUtf8(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return false;
    for (let k = 1; k <= n; k += 1) {
      if (i + k >= buf.length) return true;
      if ((buf[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

/** The encoding to read a file with, from its first bytes. */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  if (isUtf8(sample)) return 'utf-8';
  const guess = (chardet.detect(sample) ?? 'windows-1252').toLowerCase();
  // ISO-8859-1 leaves 0x80–0x9F as control characters; in files from Windows they are ’ “ ” – €.
  if (guess === 'iso-8859-1' || guess === 'ascii' || guess === 'utf-8') return 'windows-1252';
  return iconv.encodingExists(guess) ? guess : 'windows-1252';
}

const CP1252 = iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => i + 128)), 'windows-1252');

/** UTF-8, except that a byte that is not part of a valid UTF-8 sequence is read as Windows-1252. */
export class Utf8WithFallback extends Transform {
  private rest: Buffer = Buffer.alloc(0);
  private sawStart = false;

  constructor() {
    super({ decodeStrings: true });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.push(this.decode(Buffer.concat([this.rest, chunk]), false));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.rest.length) this.push(this.decode(this.rest, true));
    done();
  }

  /** Decodes what can be decoded; an incomplete sequence at the end waits for the next chunk. */
  decode(buf: Buffer, final: boolean): string {
    let out = '';
    let start = 0;
    let i = 0;
    if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf && !this.sawStart) {
      i = start = 3;
    }
    this.sawStart = true;
    while (i < buf.length) {
      const b = buf[i]!;
      if (b < 0x80) {
        i += 1;
        continue;
      }
      const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      if (n > 0 && i + n >= buf.length && !final) {
        let ok = true;
        for (let k = i + 1; k < buf.length; k += 1) if ((buf[k]! & 0xc0) !== 0x80) ok = false;
        if (ok) {
          out += buf.toString('utf8', start, i);
          this.rest = Buffer.from(buf.subarray(i));
          return out;
        }
      }
      let valid = n > 0 && i + n < buf.length;
      if (valid) for (let k = 1; k <= n; k += 1) if ((buf[i + k]! & 0xc0) !== 0x80) valid = false;
      if (valid) {
        i += n + 1;
        continue;
      }
      out += buf.toString('utf8', start, i) + CP1252[b - 128];
      i += 1;
      start = i;
    }
    out += buf.toString('utf8', start, buf.length);
    this.rest = Buffer.alloc(0);
    return out;
  }
}

/** A decoding stream for an encoding name ("utf-8" reads stray Windows-1252 bytes too). */
export function decoder(encoding: string): NodeJS.ReadWriteStream {
  const e = encoding.toLowerCase().replace(/_/g, '-');
  if (e === 'utf-8' || e === 'utf8') return new Utf8WithFallback();
  if (!iconv.encodingExists(e)) throw new Error(`unknown encoding ${encoding}`);
  return iconv.decodeStream(e);
}

/** Decodes a buffer the same way (for the sample the delimiter is detected from). */
export function decodeBuffer(buf: Buffer, encoding: string): string {
  const e = encoding.toLowerCase().replace(/_/g, '-');
  if (e === 'utf-8' || e === 'utf8') {
    return new Utf8WithFallback().decode(buf, true);
  }
  return iconv.decode(buf, e);
}
