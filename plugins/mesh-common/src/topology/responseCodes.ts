/**
 * gRPC status → the HTTP status Google's API guidelines (and grpc-gateway) map it to. gRPC
 * answers errors with HTTP 200 and the status in a trailer, so Istio's `response_code` alone
 * would call a failing gRPC call a success; `grpc_response_status` says what happened.
 */
const GRPC_TO_HTTP: Record<string, string> = {
  '0': '200',
  '1': '499',
  '2': '500',
  '3': '400',
  '4': '504',
  '5': '404',
  '6': '409',
  '7': '403',
  '8': '429',
  '9': '400',
  '10': '409',
  '11': '400',
  '12': '501',
  '13': '500',
  '14': '503',
  '15': '500',
  '16': '401',
};

/**
 * The HTTP status a request row counts as: `response_code`, except a gRPC row answered with a
 * 2xx and a non-zero `grpc_response_status`, which counts as that status' HTTP equivalent.
 */
export function effectiveResponseCode(labels: Record<string, string>): string {
  const code = labels.response_code ?? '';
  const grpc = labels.grpc_response_status ?? '';
  if (
    labels.request_protocol === 'grpc' &&
    /^2\d\d$/.test(code) &&
    grpc !== '' &&
    grpc !== '0'
  )
    return GRPC_TO_HTTP[grpc] ?? '500';
  return code;
}

/**
 * Which error rate a status counts toward. Envoy writes 0 when no response came back (reset,
 * connection failure): the caller got nothing, so it counts as a server failure.
 */
export function responseClass(code: string): '4xx' | '5xx' | 'other' {
  if (/^4\d\d$/.test(code)) return '4xx';
  if (/^5\d\d$/.test(code) || code === '0') return '5xx';
  return 'other';
}
