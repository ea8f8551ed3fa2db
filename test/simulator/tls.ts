// The media port's optional TLS: one loopback port that answers plain http and, when the first byte a client
// sends opens a TLS handshake, https with a self-signed certificate made at start (selfsigned). Audio links
// stay `http://127.0.0.1:PORT/…`, as the upstream provider's are; a client that upgrades such a link to
// https (same host and port) is served over TLS once it trusts the certificate (`Simulator.mediaCa`).
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { RequestListener, Server as HttpServer } from 'node:http';
import { generate } from 'selfsigned';

/** The first byte of a TLS record carrying a handshake (a ClientHello). */
const TLS_HANDSHAKE = 0x16;

/** A certificate for 127.0.0.1 and localhost, valid for a day; the certificate is also its own CA. */
export async function loopbackCertificate(): Promise<{ cert: string; key: string }> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 24 * 3600_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

export interface DualListener {
  /** Listens on the port; hands each connection to `plain` or to the TLS server by its first byte. */
  server: NetServer;
  tls: HttpsServer;
  close(): Promise<void>;
}

/** `plain` keeps serving plain http; TLS connections go to an https server with the same request handler. */
export function dualListener(plain: HttpServer, handler: RequestListener, pems: { cert: string; key: string }): DualListener {
  const tls = createHttpsServer({ cert: pems.cert, key: pems.key }, handler);
  const raw = new Set<Socket>();
  const server = createNetServer((socket) => {
    raw.add(socket);
    socket.once('close', () => raw.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? tls : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return {
    server,
    tls,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      tls.closeAllConnections();
      for (const s of raw) s.destroy();
    }),
  };
}
