// The Import page's calls to /api/import/*, all with the session's CSRF header or the typed API key
// (shared/session.ts writeHeaders()); the session cookie goes by itself. Failures arrive as
// problem+json and become an ImportApiError with the status, the server's sentence and its
// per-field issues ({path, message}), so the page can say what to change and where.
import { writeHeaders } from '../shared/session';
import { token } from '../shared/token';
import type { ImportJob, MappingInfo, PreviewResult, Upload } from './types';

export { token };

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

export class ImportApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly extra: { title?: string; rule?: string; accepted?: string[]; retryAfterS?: number } = {},
  ) {
    super(message);
  }
  /** A missing, wrong or unconfigured token: the page asks for it again. */
  get isTokenProblem(): boolean {
    return this.status === 401 || (this.status === 403 && this.extra.rule !== 'origin-not-allowed');
  }
}

interface Problem {
  title?: string;
  detail?: string;
  rule?: string;
  accepted?: string[];
  errors?: FieldIssue[];
}

const unreachable = () => new ImportApiError(0, 'The Liaison server cannot be reached. Is it running?');

async function fail(res: Response): Promise<never> {
  const p = ((await res.json().catch(() => null)) ?? {}) as Problem;
  const retryAfterS = Number(res.headers.get('retry-after')) || undefined;
  throw new ImportApiError(
    res.status,
    p.detail ?? p.title ?? `The server answered ${res.status}.`,
    Array.isArray(p.errors) ? p.errors : [],
    {
      title: p.title,
      rule: p.rule,
      accepted: p.accepted,
      retryAfterS,
    },
  );
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { accept: 'application/json, application/problem+json', ...writeHeaders(), ...extra };
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw unreachable();
  }
  if (!res.ok) return fail(res);
  return (await res.json()) as T;
}

/** A file the server sends (report.txt, the quarantine file), fetched with the token and saved under its name. */
async function download(path: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: headers({ accept: '*/*' }) });
  } catch {
    throw unreachable();
  }
  if (!res.ok) return fail(res);
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface JobRequest {
  upload: string;
  format?: string;
  mapping?: string | Record<string, unknown>;
  params: Record<string, string>;
  dryRun: boolean;
  skipInvalid: boolean;
  /** Import-time matching: off (default), review or auto. */
  match?: string;
}

export const importApi = {
  /**
   * Sends the file as the raw body (XMLHttpRequest, for upload progress). The name goes in
   * X-Liaison-Filename percent-encoded (a header carries ASCII only; the server decodes it) and as ?filename=.
   */
  upload(file: File, onProgress: (sent: number, total: number) => void): Promise<Upload> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/import/uploads?filename=${encodeURIComponent(file.name)}`);
      for (const [k, v] of Object.entries(headers({ 'content-type': 'application/octet-stream' }))) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('x-liaison-filename', encodeURIComponent(file.name));
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(unreachable());
      xhr.onload = () => {
        const res = new Response(xhr.responseText || null, {
          status: xhr.status,
          headers: {
            'content-type': xhr.getResponseHeader('content-type') ?? '',
            'retry-after': xhr.getResponseHeader('retry-after') ?? '',
          },
        });
        if (xhr.status < 200 || xhr.status >= 300) return void fail(res).catch(reject);
        res.json().then((b: { upload?: Upload } & Upload) => resolve(b.upload ?? b), reject);
      };
      xhr.send(file);
    });
  },

  async mappings(): Promise<MappingInfo[]> {
    const body = await call<MappingInfo[] | { mappings: MappingInfo[] }>('GET', '/api/import/mappings');
    return Array.isArray(body) ? body : (body.mappings ?? []);
  },

  /**
   * A shipped mapping for the editor: its file's own text when the server sends YAML (comments
   * kept), else the mapping as JSON, which the page shows as YAML.
   */
  async mapping(name: string): Promise<{ text: string } | { value: Record<string, unknown> }> {
    let res: Response;
    try {
      res = await fetch(`/api/import/mappings/${encodeURIComponent(name)}`, {
        headers: headers({ accept: 'application/yaml, text/yaml;q=0.9, application/json;q=0.8, application/problem+json;q=0.5' }),
      });
    } catch {
      throw unreachable();
    }
    if (!res.ok) return fail(res);
    if (/yaml/.test(res.headers.get('content-type') ?? '')) return { text: await res.text() };
    const body = (await res.json()) as Record<string, unknown> & { mapping?: Record<string, unknown> };
    // Either the mapping itself or {mapping}: a mapping has a title, the wrapper does not.
    return { value: body.mapping && typeof body.mapping === 'object' && !('title' in body) ? body.mapping : body };
  },

  preview: (
    req: { upload: string; format?: string; mapping?: string | Record<string, unknown>; params: Record<string, string>; limit: number },
    signal?: AbortSignal,
  ) => call<PreviewResult>('POST', '/api/import/preview', req, signal),

  async startJob(req: JobRequest): Promise<ImportJob> {
    const body = await call<{ job: ImportJob | string } & Partial<ImportJob>>('POST', '/api/import/jobs', req);
    const job = body.job ?? body;
    return typeof job === 'string' ? { id: job, status: 'queued' } : (job as ImportJob);
  },

  job: (id: string, signal?: AbortSignal) => call<ImportJob>('GET', `/api/import/jobs/${encodeURIComponent(id)}`, undefined, signal),

  reportText: (id: string) => download(`/api/import/jobs/${encodeURIComponent(id)}/report.txt`, `import-${id}-report.txt`),
  quarantine: (id: string, fallbackName: string) => download(`/api/import/jobs/${encodeURIComponent(id)}/quarantine`, fallbackName),
};
