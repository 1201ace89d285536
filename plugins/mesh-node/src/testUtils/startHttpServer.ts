import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  url: string;
  /** Every request seen, with its body, oldest first. */
  requests: Array<{
    method: string;
    path: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }>;
  close(): Promise<void>;
}

/**
 * A throwaway HTTP server on 127.0.0.1 for tests: `handle` answers each request (or never does,
 * to test timeouts); `close` also drops open connections so a hanging request cannot keep Jest
 * waiting.
 */
export async function startHttpServer(
  handle: (
    req: TestServer['requests'][number],
    res: http.ServerResponse,
  ) => void,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const entry = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
      };
      requests.push(entry);
      handle(entry, res);
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
