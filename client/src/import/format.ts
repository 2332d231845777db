// Numbers as the Import page says them: sizes, counts, rates and time left.

const nf = new Intl.NumberFormat('en');

export const count = (n: number | null | undefined): string => (typeof n === 'number' && Number.isFinite(n) ? nf.format(n) : '–');

export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** "45 s", "3 min 5 s", "2 h 10 min"; null or negative → "–". */
export function duration(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * The progress line: "writing: 1,200 of 5,000 records (24 %) · 830 records/s · about 5 s left". While
 * reading and validating the pipeline counts bytes of the file, while writing records (or facts).
 */
export function progressLine(p: {
  done?: number;
  total?: number | null;
  unit?: string | null;
  ratePerSecond?: number | null;
  etaSeconds?: number | null;
  phase?: string | null;
}): string {
  const unit = p.unit ?? 'records';
  const amount = (n: number) => (unit === 'bytes' ? bytes(n) : `${count(n)}`);
  const per = unit === 'bytes' ? '' : ` ${unit}`;
  const parts: string[] = [];
  const done = p.done ?? 0;
  if (p.total) parts.push(`${amount(done)} of ${amount(p.total)}${per} (${Math.min(100, Math.floor((done / p.total) * 100))} %)`);
  else parts.push(`${amount(done)}${per}`);
  if (p.ratePerSecond && p.ratePerSecond > 0) parts.push(`${amount(Math.round(p.ratePerSecond))}${per}/s`);
  if (typeof p.etaSeconds === 'number' && p.etaSeconds >= 0 && done < (p.total || Infinity))
    parts.push(`about ${duration(p.etaSeconds)} left`);
  return (p.phase ? `${p.phase}: ` : '') + parts.join(' · ');
}

/** camelCase counter names as words: nodesCreated → "nodes created". */
export const words = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();

export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
