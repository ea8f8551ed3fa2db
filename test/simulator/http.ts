// Small HTTP helpers shared by the API, media and control handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody } from './errors';

/**
 * A response before it is sent; `cutAt` sends only that many body bytes and then drops the connection;
 * `chunked` sends no Content-Length (chunked transfer coding, as a streaming server does).
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  contentLength?: number;
  cutAt?: number;
  chunked?: boolean;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

export function errorReply(status: number, body: ErrorBody, headers: Record<string, string> = {}): Reply {
  return json(status, body, headers);
}

const MAX_BODY = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends `r`; returns the status actually sent (0 if the connection was dropped before a status line). */
export function send(req: IncomingMessage, res: ServerResponse, r: Reply, reset?: 'beforeResponse' | 'midBody'): number {
  if (reset === 'beforeResponse') {
    res.socket?.destroy();
    return 0;
  }
  const cutAt = reset === 'midBody' ? Math.floor(r.body.length / 2) : r.cutAt;
  res.writeHead(r.status, r.chunked ? r.headers : { ...r.headers, 'content-length': String(r.contentLength ?? r.body.length) });
  if (req.method === 'HEAD') {
    res.end();
  } else if (cutAt !== undefined) {
    res.write(r.body.subarray(0, cutAt), () => res.destroy());
  } else {
    res.end(r.body);
  }
  return r.status;
}
