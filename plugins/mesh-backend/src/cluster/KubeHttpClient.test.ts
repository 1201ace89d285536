import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubeHttpClient } from './KubeHttpClient';

/**
 * A server that answers the first request on each connection and drops the connection on any
 * later one without answering: what a client sees when it reuses a keep-alive socket the server
 * has just closed as idle.
 */
async function serverDroppingReusedSockets(dropAll = false) {
  let requests = 0;
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    requests++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (dropAll || n > 1) {
      req.socket.destroy();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ n: requests }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const client = (apiUrl: string) =>
  new KubeHttpClient({
    name: 'test',
    apiUrl,
    insecureSkipTlsVerify: false,
    token: 't',
  });

describe('KubeHttpClient', () => {
  it('sends a request once more on a fresh socket when a reused keep-alive socket was dropped', async () => {
    const server = await serverDroppingReusedSockets();
    const kube = client(server.url);
    try {
      expect((await kube.get('/a')).status).toBe(200);
      const second = await kube.request({
        method: 'PUT',
        path: '/b',
        body: { spec: {} },
      });
      expect(second.status).toBe(200);
      // The first, the dropped one, and its retry.
      expect(server.requests()).toBe(3);
    } finally {
      kube.close();
      await server.close();
    }
  });

  it('does not retry a failure on a fresh socket', async () => {
    const server = await serverDroppingReusedSockets(true);
    const kube = client(server.url);
    try {
      await expect(kube.get('/a')).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(server.requests()).toBe(1);
    } finally {
      kube.close();
      await server.close();
    }
  });
});
