/** Content negotiation for the Accept header variants Kubernetes clients send. */

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export type ResponseFormat =
  | { kind: 'json' }
  | { kind: 'table'; version: 'v1' | 'v1beta1' }
  | { kind: 'aggregated-discovery'; version: 'v2' | 'v2beta1' };

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') {
    return [{ type: '*/*', params: {} }];
  }
  return header.split(',').map(range => {
    const [type, ...params] = range.split(';').map(part => part.trim());
    return {
      type: type.toLowerCase(),
      params: Object.fromEntries(
        params
          .map(param => param.split('=').map(s => s.trim()))
          .filter(pair => pair.length === 2)
          .map(([key, value]) => [key, value]),
      ),
    };
  });
}

function acceptsJson(range: MediaRange): boolean {
  return (
    range.type === 'application/json' ||
    range.type === 'application/*' ||
    range.type === '*/*'
  );
}

/**
 * Picks the first acceptable representation in the client's order. Returns undefined
 * when nothing offered is servable (for example protobuf only), which is a 406.
 */
export function negotiate(
  header: string | undefined,
  offers: { table?: boolean; aggregatedDiscovery?: boolean },
): ResponseFormat | undefined {
  for (const range of parseAccept(header)) {
    if (!acceptsJson(range)) {
      continue;
    }
    const as = range.params.as;
    if (as === undefined) {
      return { kind: 'json' };
    }
    if (as === 'Table' && range.params.g === 'meta.k8s.io' && offers.table) {
      if (range.params.v === 'v1' || range.params.v === 'v1beta1') {
        return { kind: 'table', version: range.params.v };
      }
    }
    if (
      as === 'APIGroupDiscoveryList' &&
      range.params.g === 'apidiscovery.k8s.io' &&
      offers.aggregatedDiscovery
    ) {
      if (range.params.v === 'v2' || range.params.v === 'v2beta1') {
        return { kind: 'aggregated-discovery', version: range.params.v };
      }
    }
  }
  return undefined;
}

/** The media type of a request body, without parameters. */
export function baseContentType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}
