// The auth folder's files in the data directory (users.json, sessions.json): owner-only (0600),
// written whole to a temporary file and renamed over the old one, so a crash never leaves half a file,
// and re-read when another process (the users CLI, a second server in tests) has rewritten them.
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

import { UnavailableError } from '../errors';

export class JsonFile<T> {
  private cached: T | null = null;
  /** mtime and size of the file as last read or written: a change means another writer. */
  private stamp = '';
  /** Writes of this process, one after the other (each re-reads, changes and writes the whole file). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly empty: () => T,
    private readonly check: (value: unknown) => T,
  ) {}

  private currentStamp(): string {
    try {
      const s = statSync(this.file);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  /** The file's content, read again only when it changed on disk. */
  read(): T {
    const stamp = this.currentStamp();
    if (this.cached !== null && stamp === this.stamp) return this.cached;
    if (stamp === 'missing') this.cached = this.empty();
    else {
      try {
        this.cached = this.check(JSON.parse(readFileSync(this.file, 'utf8')) as unknown);
      } catch (error) {
        throw new UnavailableError(`${path.basename(this.file)} in the data directory cannot be read: ${(error as Error).message}`);
      }
    }
    this.stamp = stamp;
    return this.cached;
  }

  /** Runs `change` on the latest content and writes what it returns; callers get `change`'s result. */
  update<R>(change: (value: T) => { value: T; result: R }): Promise<R> {
    const run = this.queue.then(() => {
      const { value, result } = change(structuredClone(this.read()));
      this.write(value);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private write(value: T): void {
    const dir = path.dirname(this.file);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // The mode given to open is masked by the umask; the file holds password hashes.
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.file);
    } catch (error) {
      throw new UnavailableError(`Cannot write ${path.basename(this.file)} in the data directory ${dir}: ${(error as Error).message}`);
    }
    this.cached = value;
    this.stamp = this.currentStamp();
  }
}
