import http from 'node:http';
import https from 'node:https';
import { SandboxCluster } from '../sandbox/types';

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = Record<string, any>>(): T;
}

/** One request to a sandbox cluster, trusting its CA and sending its token (unless told otherwise). */
export function request(
  cluster: SandboxCluster,
  method: string,
  path: string,
  options: {
    body?: unknown;
    contentType?: string;
    accept?: string;
    token?: string | null;
    headers?: Record<string, string | string[]>;
  } = {},
): Promise<TestResponse> {
  const url = new URL(path, cluster.apiUrl);
  let body: string | undefined;
  if (options.body !== undefined) {
    body =
      typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  }
  // An array value is sent as that many header lines (how client-go sends Impersonate-Group).
  const headers: Record<string, string | string[]> = { ...options.headers };
  const token = options.token === undefined ? cluster.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    // Node sends DELETE bodies without chunked encoding, so the length must be explicit.
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  if (options.accept) headers.Accept = options.accept;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method, headers, ca: cluster.caData },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface WatchEventLine {
  type: string;
  object: Record<string, any>;
}

/**
 * Opens a watch and collects events until `done` says so (or the server ends the stream);
 * returns the events and the HTTP status.
 */
export function collectWatch(
  cluster: SandboxCluster,
  path: string,
  done: (events: WatchEventLine[]) => boolean,
  timeoutMs = 5000,
): Promise<{ status: number; events: WatchEventLine[]; ended: boolean }> {
  const url = new URL(path, cluster.apiUrl);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const events: WatchEventLine[] = [];
    let buffer = '';
    const state: { finished: boolean; timer?: NodeJS.Timeout } = {
      finished: false,
    };
    const req = transport.request(
      url,
      {
        headers: { Authorization: `Bearer ${cluster.token}` },
        ca: cluster.caData,
      },
      res => {
        const finish = (ended: boolean) => {
          if (state.finished) return;
          state.finished = true;
          clearTimeout(state.timer);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, events, ended });
        };
        res.on('data', chunk => {
          buffer += chunk.toString('utf8');
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line) events.push(JSON.parse(line) as WatchEventLine);
            newline = buffer.indexOf('\n');
          }
          if (done(events)) finish(false);
        });
        res.on('end', () => finish(true));
      },
    );
    state.timer = setTimeout(() => {
      if (!state.finished) {
        state.finished = true;
        req.destroy();
        reject(
          new Error(
            `watch ${path} timed out with ${events.length} events: ${JSON.stringify(events.map(e => e.type))}`,
          ),
        );
      }
    }, timeoutMs);
    req.on('error', error => {
      if (!state.finished) reject(error);
    });
    req.end();
  });
}
