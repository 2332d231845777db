// The parameters editor: a JSON object, checked as it is typed, with the problem shown beside it.
export type ParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; message: string };

export function parseParams(text: string): ParamsResult {
  if (!text.trim()) return { ok: true, params: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Parameters are not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: 'Parameters must be a JSON object, e.g. {"name": "Patrushev"}.' };
  return { ok: true, params: value as Record<string, unknown> };
}
