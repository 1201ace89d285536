import { IncomingMessage, ServerResponse } from 'node:http';
import yaml from 'js-yaml';
import { ApiError } from './ApiError';
import { baseContentType } from './negotiation';

/** Reading request bodies and writing JSON responses. */

/** The apiserver's request size limit (3 MiB). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const JSON_BODY_TYPES = new Set([
  '',
  'application/json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
]);
const YAML_BODY_TYPES = new Set([
  'application/yaml',
  'application/apply-patch+yaml',
]);

/**
 * Parses a JSON or YAML body. Protobuf and CBOR bodies (which kubectl's typed clients send for
 * `kubectl create deployment` and similar generators) are refused with 415, not misread.
 */
export function parseBody(
  text: string,
  contentType: string | undefined,
): unknown {
  const type = baseContentType(contentType);
  if (!JSON_BODY_TYPES.has(type) && !YAML_BODY_TYPES.has(type)) {
    throw ApiError.unsupportedMediaType(type, [
      'application/json',
      'application/yaml',
    ]);
  }
  if (text.trim() === '') {
    return undefined;
  }
  try {
    if (YAML_BODY_TYPES.has(type)) {
      return yaml.load(text);
    }
    return JSON.parse(text);
  } catch (error) {
    throw ApiError.badRequest(
      `the body of the request could not be decoded: ${(error as Error).message}`,
    );
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.code, error.toStatus());
}

/** The HTTP Warning header values for apiserver warnings (code 299, agent "-"). */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  return warnings.length > 0
    ? { Warning: warnings.map(w => `299 - ${JSON.stringify(w)}`) }
    : {};
}
