import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);

/** Answers smaller than this are sent as they are: compressing them saves nothing. */
const MIN_BYTES = 8 * 1024;

/**
 * Sends `value` as JSON, gzipped (on the thread pool, not the event loop) when the client
 * accepts it and the answer is large: a list of 2,000 apps shrinks from about 1 MiB to a
 * few dozen KiB, which is what a dashboard on the far side of a slow link waits for.
 */
export async function sendJson(req: Request, res: Response, value: unknown): Promise<void> {
  const body = Buffer.from(JSON.stringify(value));
  res.vary('Accept-Encoding');
  res.type('application/json');
  if (body.length < MIN_BYTES || req.acceptsEncodings('gzip') !== 'gzip') {
    res.send(body);
    return;
  }
  res.set('Content-Encoding', 'gzip');
  res.send(await gzipAsync(body));
}
