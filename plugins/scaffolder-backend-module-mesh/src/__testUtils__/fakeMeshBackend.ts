import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { MeshApiClient } from '../MeshApiClient';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  /** Sent as JSON unless it is a string. */
  body: unknown;
}

export interface FakeMeshBackend {
  /** The mesh plugin's base URL, as discovery would return it. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The answer to `METHOD /path` (path below the base URL); unknown routes get a 404. */
  answer(route: string, answer: FakeAnswer): void;
  /** A MeshApiClient on this server with mockServices.auth()'s plugin request tokens. */
  client: MeshApiClient;
  close(): Promise<void>;
}

/**
 * A stand-in for the mesh backend on 127.0.0.1 (port 0): it records each request and answers
 * from a table, so the actions' HTTP traffic is real but the mesh backend is not needed.
 */
export async function startFakeMeshBackend(): Promise<FakeMeshBackend> {
  const answers = new Map<string, FakeAnswer>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      text += chunk;
    });
    req.on('end', () => {
      const path = (req.url ?? '/').replace(/^\/api\/mesh/, '');
      requests.push({
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      });
      const found = answers.get(`${req.method} ${path}`) ?? {
        status: 404,
        body: {
          error: { name: 'NotFoundError', message: `No route ${path}` },
          response: { statusCode: 404 },
        },
      };
      const isText = typeof found.body === 'string';
      res
        .writeHead(found.status, {
          'Content-Type': isText ? 'text/html' : 'application/json',
        })
        .end(isText ? found.body : JSON.stringify(found.body));
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/mesh`;
  return {
    baseUrl,
    requests,
    answer: (route, answer) => answers.set(route, answer),
    client: new MeshApiClient({
      auth: mockServices.auth(),
      discovery: { getBaseUrl: async () => baseUrl },
    }),
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Backstage's error JSON, as the mesh backend's error handler writes it. */
export function backstageError(
  status: number,
  name: string,
  message: string,
): FakeAnswer {
  return {
    status,
    body: {
      error: { name, message },
      request: { method: 'POST', url: '/api/mesh/x' },
      response: { statusCode: status },
    },
  };
}
