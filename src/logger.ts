import { pino, type Logger } from 'pino';

/** Ferry's structured logger, writing JSON lines to stderr. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { name: 'ferry' } }, pino.destination(2));
}
