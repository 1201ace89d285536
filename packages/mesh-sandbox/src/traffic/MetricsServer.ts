import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/**
 * A cluster's metrics endpoint: plain HTTP on 127.0.0.1, `/metrics` in Prometheus' text format,
 * no authentication (as Prometheus scrapes Envoy's merged-metrics port in a real mesh).
 */
export class MetricsServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private port?: number;

  /** `render` may answer in pieces, written one after another without being joined first. */
  constructor(private readonly render: () => string | Buffer[]) {
    this.server = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      } else if (path === '/metrics' || path === '/stats/prometheus') {
        const body = req.method === 'HEAD' ? '' : this.render();
        const pieces = typeof body === 'string' ? [Buffer.from(body)] : body;
        res.writeHead(200, {
          'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
          ...(req.method === 'HEAD'
            ? {}
            : { 'Content-Length': pieces.reduce((n, p) => n + p.length, 0) }),
        });
        // Corked, the pieces leave in one vectored write instead of one write each.
        res.cork();
        for (const piece of pieces) res.write(piece);
        res.end();
      } else {
        res
          .writeHead(404, { 'Content-Type': 'text/plain' })
          .end('not found: try /metrics\n');
      }
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    if (this.port === undefined)
      throw new Error('metrics server is not listening');
    return `http://127.0.0.1:${this.port}/metrics`;
  }

  async close(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}
