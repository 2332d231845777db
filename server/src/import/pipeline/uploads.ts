// Files sent over HTTP for import: streamed to a temporary directory under the data directory
// (decompressed on the way when the request says gzip/deflate/br, the size limit counted after
// that), described by id, and deleted an hour after upload unless a job still uses them. Nothing
// here survives a restart: the directory is swept at start-up.
import { randomUUID } from 'node:crypto';
import { closeSync, createWriteStream, mkdirSync, openSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

import chardet from 'chardet';

import { BadRequestError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../errors';
import { log } from '../../log';
import { inspectSpreadsheetFile } from '../tabular/xlsx';
import { detectFormat } from './detect';
import type { ImportFormat } from './types';

export interface Upload {
  id: string;
  /** The file's name as the client gave it (file-name patterns of mappings match it). */
  name: string;
  size: number;
  /** Detected from the name and the first bytes; null when nothing fits (the client then names one). */
  format: ImportFormat | null;
  /** For text files: the encoding chardet guesses from the first 64 KiB. */
  encoding?: string;
  /** Why a file that is, or claims to be, a workbook cannot be read (an .xls, an encrypted workbook); format is then null. */
  problem?: string;
  createdAt: string;
}

interface Stored extends Upload {
  path: string;
  dir: string;
  created: number;
  /** Jobs using the upload; it is not deleted while any does. */
  users: number;
}

export const UPLOAD_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

/** A file name safe to keep: its base name, without control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const base = path
    .basename((name ?? '').replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return (base && base !== '.' && base !== '..' ? base : fallback).slice(0, 200);
}

function decoder(encoding: string | undefined): Transform | null {
  const e = (encoding ?? 'identity').trim().toLowerCase();
  if (e === 'identity' || e === '') return null;
  if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip();
  if (e === 'deflate') return zlib.createInflate();
  if (e === 'br') return zlib.createBrotliDecompress();
  throw new UnsupportedMediaTypeError(
    `The Content-Encoding of the upload is not supported; send it as one of ${UPLOAD_ENCODINGS.join(', ')}.`,
    {
      rule: 'content-encoding',
      accepted: UPLOAD_ENCODINGS,
    },
  );
}

/** Counts bytes and fails the stream past `limit`. */
function limiter(limit: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counted.bytes += chunk.length;
      if (counted.bytes > limit)
        return done(
          new PayloadTooLargeError(
            `The upload is larger than the limit of ${limit} bytes (counted after decompression); set LIAISON_IMPORT_UPLOAD_MAX_BYTES to allow more.`,
            {
              rule: 'too-large',
              limit,
            },
          ),
        );
      done(null, chunk);
    },
  });
}

export class UploadStore {
  private readonly uploads = new Map<string, Stored>();
  private readonly timer: NodeJS.Timeout;
  readonly root: string;
  /** Set by the job queue: a job directory it still serves files from is not swept. */
  keepJob: (id: string) => boolean = () => false;

  constructor(
    dataDir: string,
    readonly maxBytes: number,
    readonly ttlMs: number,
  ) {
    this.root = UploadStore.rootFor(dataDir);
    this.sweep();
    this.timer = setInterval(() => this.sweep(), Math.min(ttlMs, 10 * 60_000));
    this.timer.unref();
  }

  /** <data>/import-tmp, or a directory under the system's temp when the data directory cannot be written. */
  static rootFor(dataDir: string): string {
    for (const dir of [path.join(dataDir, 'import-tmp'), path.join(os.tmpdir(), `liaison-import-${process.getuid?.() ?? 'user'}`)]) {
      try {
        mkdirSync(path.join(dir, 'uploads'), { recursive: true, mode: 0o700 });
        mkdirSync(path.join(dir, 'jobs'), { recursive: true, mode: 0o700 });
        return dir;
      } catch {
        // try the next one
      }
    }
    throw new Error('no writable directory for uploads');
  }

  /** Streams a request body to a new upload. */
  async receive(body: Readable, o: { name: string; contentEncoding?: string }): Promise<Upload> {
    const id = `upl-${randomUUID()}`;
    const dir = path.join(this.root, 'uploads', id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, 'data');
    const counted = { bytes: 0 };
    const steps: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = [body];
    try {
      const d = decoder(o.contentEncoding);
      if (d) steps.push(d);
      steps.push(limiter(this.maxBytes, counted), createWriteStream(file, { mode: 0o600 }));
      await pipeline(steps as unknown as [Readable, ...NodeJS.WritableStream[]]);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      // Let the rest of the body go, so the client reads our answer instead of a reset.
      body.resume();
      if (error instanceof PayloadTooLargeError || error instanceof UnsupportedMediaTypeError) throw error;
      if ((error as { code?: string }).code?.startsWith('Z_'))
        throw new BadRequestError('The upload could not be decompressed: it is not what its Content-Encoding says.', {
          rule: 'content-encoding',
        });
      throw new BadRequestError(`The upload did not arrive whole: ${(error as Error).message}`, { rule: 'aborted' });
    }
    let format: ImportFormat | null = null;
    let problem: string | undefined;
    try {
      format = await detectFormat(file, o.name);
    } catch (error) {
      format = null;
      if (error instanceof ValidationError && error.issues.some((i) => i.code === 'unreadable_workbook')) problem = error.message;
    }
    const upload: Stored = {
      id,
      name: o.name,
      size: counted.bytes,
      format,
      createdAt: new Date().toISOString(),
      path: file,
      dir,
      created: Date.now(),
      users: 0,
      ...(problem ? { problem } : {}),
    };
    if (format === 'csv' && inspectSpreadsheetFile(file).kind === 'text') {
      const guess = chardet.detect(readHead(file));
      if (guess) upload.encoding = guess;
    }
    this.uploads.set(id, upload);
    return describe(upload);
  }

  get(id: string): Upload & { path: string } {
    const u = this.uploads.get(id);
    if (!u) throw new NotFoundError(`No upload "${id}": uploads are kept for an hour and do not survive a restart; upload the file again.`);
    return { ...describe(u), path: u.path };
  }

  /** Marks uploads as used by a job (not swept) until release(). */
  hold(ids: string[]): void {
    for (const id of ids) {
      const u = this.uploads.get(id);
      if (u) u.users++;
    }
  }

  release(ids: string[]): void {
    for (const id of ids) {
      const u = this.uploads.get(id);
      if (u) u.users = Math.max(0, u.users - 1);
    }
  }

  remove(id: string): void {
    const u = this.uploads.get(id);
    if (!u) return;
    this.uploads.delete(id);
    rmSync(u.dir, { recursive: true, force: true });
  }

  /** Deletes uploads older than the TTL (unused), and directories no upload of this process owns. */
  sweep(): void {
    const now = Date.now();
    for (const u of [...this.uploads.values()]) if (u.users === 0 && now - u.created > this.ttlMs) this.remove(u.id);
    for (const sub of ['uploads', 'jobs']) {
      let entries: string[] = [];
      try {
        entries = readdirSync(path.join(this.root, sub));
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (sub === 'uploads' && this.uploads.has(entry)) continue;
        if (sub === 'jobs' && this.keepJob(entry)) continue;
        const dir = path.join(this.root, sub, entry);
        try {
          if (now - statSync(dir).mtimeMs > this.ttlMs) rmSync(dir, { recursive: true, force: true });
        } catch (error) {
          log.warn('could not sweep an import directory', { dir, error: (error as Error).message });
        }
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

function describe(u: Stored): Upload {
  return {
    id: u.id,
    name: u.name,
    size: u.size,
    format: u.format,
    ...(u.encoding ? { encoding: u.encoding } : {}),
    ...(u.problem ? { problem: u.problem } : {}),
    createdAt: u.createdAt,
  };
}
