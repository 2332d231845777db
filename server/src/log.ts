// Liaison's logger: pino writing one JSON line per event to stderr, behind the small
// `log.info(message, data)` API the code base uses. Cypher parameters and secrets are redacted here,
// once, so no call site has to remember (LOG_LEVEL=debug logs every statement, never its values);
// a line written inside an HTTP request carries its requestId (request-context.ts).
import pino, { type Logger } from 'pino';

import { currentRequestId } from './request-context';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function levelFromEnv(): LogLevel {
  const wanted = process.env.LOG_LEVEL as LogLevel | undefined;
  if (wanted && (LOG_LEVELS as readonly string[]).includes(wanted)) return wanted;
  // Under Jest a line per request would bury the test output; warnings and errors still show.
  return process.env.JEST_WORKER_ID ? 'warn' : 'info';
}

/**
 * What never reaches a log line. Parameters may be personal data or hostile text; headers carry the
 * write token. pino's paths match at a fixed depth, so the common nestings are listed.
 */
export const REDACT_PATHS = [
  'params',
  '*.params',
  'password',
  '*.password',
  'token',
  'authorization',
  'cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** The pino instance itself, for pino-http (request logs share its level, destination and redaction). */
export const logger: Logger = pino(
  {
    level: levelFromEnv(),
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Every line written while serving a request names it, so one X-Request-Id finds all its lines.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  },
  // Synchronous: a crash or process.exit right after a line must not lose it.
  pino.destination({ dest: 2, sync: true }),
);

export function setLogLevel(level: LogLevel): void {
  logger.level = level;
}

type Data = Record<string, unknown>;
const emit = (level: Exclude<LogLevel, 'silent'>) => (message: string, data?: Data) =>
  data ? logger[level](data, message) : logger[level](message);

export const log = {
  debug: emit('debug'),
  info: emit('info'),
  warn: emit('warn'),
  error: emit('error'),
};
