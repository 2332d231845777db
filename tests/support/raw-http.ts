// A raw HTTP/1.1 request through node:http, for tests that must send what fetch will not: a foreign
// Host header, a lying Content-Encoding, malformed percent-encoding kept as it is. Never decompresses.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  /** The body parsed as JSON when it is JSON, else null. */
  json: Record<string, any> | null;
}

export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
        // A connection of its own: a kept-alive socket the server closes after its idle timeout just
        // as the next request goes out is reset (ECONNRESET), which says nothing about that request.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: Record<string, any> | null = null;
          if (/json/.test(String(res.headers['content-type'] ?? '')) && !res.headers['content-encoding'])
            try {
              json = JSON.parse(text) as Record<string, any>;
            } catch {
              json = null;
            }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
