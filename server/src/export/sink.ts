// Writing an export to a stream as it is produced, with back-pressure: a writer awaits each chunk,
// so a slow client slows the writer down instead of filling memory, and a client that went away
// stops it.
import type { Writable } from 'node:stream';

export interface TextSink {
  write(chunk: string): Promise<void>;
}

export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before the export was complete');
  }
}

export function streamSink(stream: Writable): TextSink {
  return {
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (stream.destroyed || stream.writableEnded) return reject(new ClientGoneError());
        if (stream.write(chunk)) return resolve();
        const done = (error?: Error) => {
          stream.off('drain', onDrain);
          stream.off('close', onClose);
          stream.off('error', onError);
          if (error) reject(error);
          else resolve();
        };
        const onDrain = () => done();
        const onClose = () => done(new ClientGoneError());
        const onError = (error: Error) => done(error);
        stream.once('drain', onDrain);
        stream.once('close', onClose);
        stream.once('error', onError);
      }),
  };
}

/** Characters XML 1.0 cannot carry at all, even escaped; stored text may hold them, files must not. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}
