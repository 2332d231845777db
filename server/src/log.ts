// A small levelled logger writing one line per event to stderr; enough for a single-process server,
// and it keeps Cypher debug output (LOG_LEVEL=debug) out of the way by default.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

let threshold: number = LEVELS[(process.env.LOG_LEVEL as LogLevel) in LEVELS ? (process.env.LOG_LEVEL as LogLevel) : 'info'];

export function setLogLevel(level: LogLevel): void {
  threshold = LEVELS[level];
}

function emit(level: Exclude<LogLevel, 'silent'>, message: string, data?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${data ? ` ${JSON.stringify(data)}` : ''}`;
  process.stderr.write(`${line}\n`);
}

export const log = {
  debug: (m: string, d?: Record<string, unknown>) => emit('debug', m, d),
  info: (m: string, d?: Record<string, unknown>) => emit('info', m, d),
  warn: (m: string, d?: Record<string, unknown>) => emit('warn', m, d),
  error: (m: string, d?: Record<string, unknown>) => emit('error', m, d),
};
