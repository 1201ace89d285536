import { ResponseError } from '@backstage/errors';

/** A ResponseError as MeshClient would throw it for a backend error body. */
export function responseError(
  statusCode: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const text = JSON.stringify({
    error: { name, message },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    ok: false,
    status: statusCode,
    statusText: name,
    url: '',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => text,
  } as unknown as Response);
}
