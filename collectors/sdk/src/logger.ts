/** The logger a collector receives; Backstage's LoggerService and console-like loggers fit. */
export interface CollectorLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * A logger writing one line per entry to a stream (stderr by default, so stdout stays free
 * for data such as the NDJSON of a dry run).
 */
export function createStreamLogger(
  options: {
    stream?: { write(text: string): unknown };
    prefix?: string;
    /** Lowest level written; `info` by default. */
    level?: 'debug' | 'info' | 'warn' | 'error';
  } = {},
): CollectorLogger {
  const stream = options.stream ?? process.stderr;
  const order = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(options.level ?? 'info');
  const write =
    (level: string) => (message: string, meta?: Record<string, unknown>) => {
      if (order.indexOf(level) < min) return;
      const suffix =
        meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
      stream.write(
        `${
          options.prefix ? `[${options.prefix}] ` : ''
        }${level}: ${message}${suffix}\n`,
      );
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: CollectorLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
