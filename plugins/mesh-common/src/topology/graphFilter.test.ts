import {
  GRAPH_FILTER_FIELDS,
  GraphFilter,
  GraphFilterError,
  isGraphFilterError,
  parseGraphFilter,
} from './graphFilter';
import { GraphEdge, GraphNode, Red } from './types';

const red = (over: Partial<Red> = {}): Red => ({
  rps: 0,
  rps4xx: 0,
  rps5xx: 0,
  errorRatio: 0,
  ...over,
});

function gnode(over: Partial<GraphNode> & { id: string }): GraphNode {
  return {
    kind: 'workload',
    namespace: 'bookinfo',
    name: over.id,
    inbound: red(),
    outbound: red(),
    health: { status: 'healthy', reasons: [] },
    badges: [],
    ...over,
  };
}

function gedge(
  source: string,
  target: string,
  over: Partial<GraphEdge> = {},
): GraphEdge {
  return {
    id: `${source}->${target}:http`,
    source,
    target,
    protocol: 'http',
    rps: 10,
    rps4xx: 0,
    rps5xx: 0,
    errorRatio: 0,
    responseCodes: { '200': 10 },
    health: { status: 'healthy', reasons: [] },
    ...over,
  };
}

const productpage = gnode({
  id: 'productpage-v1',
  app: 'productpage',
  version: 'v1',
  cluster: 'east',
  inbound: red({
    rps: 20,
    rps5xx: 2,
    rps4xx: 1,
    errorRatio: 0.1,
    p50: 20,
    p95: 150,
    p99: 400,
  }),
  badges: [
    {
      kind: 'virtual-service',
      resources: ['VirtualService bookinfo/productpage'],
    },
  ],
});
const reviews = gnode({
  id: 'reviews-v2',
  app: 'reviews',
  version: 'v2',
  cluster: 'west',
  inbound: red({ rps: 0.5, p95: 250 }),
  health: { status: 'failure', reasons: [] },
  badges: [
    { kind: 'fault-injection', resources: ['VirtualService bookinfo/reviews'] },
    { kind: 'retries', resources: ['VirtualService bookinfo/reviews'] },
  ],
});
const gateway = gnode({
  id: 'istio-ingressgateway',
  kind: 'gateway',
  namespace: 'istio-system',
  outbound: red({ rps: 30, rps5xx: 3, errorRatio: 0.1 }),
});
const mysql = gnode({
  id: 'mysqldb',
  kind: 'service',
  namespace: 'db',
  inbound: red({ tcpBytesPerSecond: 5000 }),
});
const nodes = [productpage, reviews, gateway, mysql];

const gwToPp = gedge(gateway.id, productpage.id, {
  rps: 30,
  rps5xx: 3,
  errorRatio: 0.1,
  p99: 800,
  mtlsShare: 0.5,
});
const ppToReviews = gedge(productpage.id, reviews.id, {
  rps: 4,
  rps4xx: 1,
  mtlsShare: 1,
  p95: 120,
  health: { status: 'degraded', reasons: [] },
});
const reviewsToDb = gedge(reviews.id, mysql.id, {
  protocol: 'tcp',
  rps: 0,
  responseCodes: {},
  tcpSentBytesPerSecond: 1000,
  tcpReceivedBytesPerSecond: 4000,
});
const edges: Array<[GraphEdge, GraphNode, GraphNode]> = [
  [gwToPp, gateway, productpage],
  [ppToReviews, productpage, reviews],
  [reviewsToDb, reviews, mysql],
];

function parse(text: string): GraphFilter {
  const f = parseGraphFilter(text);
  if (isGraphFilterError(f)) throw new Error(f.message);
  return f;
}
const nodesMatching = (text: string) =>
  nodes.filter(n => parse(text).matchesNode(n)).map(n => n.id);
const edgesMatching = (text: string) =>
  edges
    .filter(([e, s, t]) => parse(text).matchesEdge(e, s, t))
    .map(([e]) => e.id);
function error(text: string): GraphFilterError {
  const f = parseGraphFilter(text);
  if (!isGraphFilterError(f)) throw new Error(`"${text}" parsed`);
  return f;
}

describe('parseGraphFilter numbers', () => {
  it('compares rate with every operator', () => {
    expect(nodesMatching('rate < 1')).toEqual(['reviews-v2', 'mysqldb']);
    expect(nodesMatching('rate <= 0.5')).toEqual(['reviews-v2', 'mysqldb']);
    expect(nodesMatching('rate > 0.5')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
    ]);
    expect(nodesMatching('rate >= 20')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
    ]);
    expect(nodesMatching('rate = 20')).toEqual(['productpage-v1']);
    expect(nodesMatching('rate == 20')).toEqual(['productpage-v1']);
    expect(nodesMatching('rate != 20')).toEqual([
      'reviews-v2',
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('rate > 25rps')).toEqual(['istio-ingressgateway']);
    expect(edgesMatching('rate >= 4')).toEqual([gwToPp.id, ppToReviews.id]);
  });

  it('reads a source node by what it sent', () => {
    // The gateway serves nothing; its 30 req/s out are its rate.
    expect(nodesMatching('rate = 30')).toEqual(['istio-ingressgateway']);
  });

  it('reads error shares as percentages, with or without %', () => {
    expect(nodesMatching('error > 5%')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
    ]);
    expect(nodesMatching('error > 5')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
    ]);
    expect(nodesMatching('error >= 10%')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
    ]);
    expect(nodesMatching('error > 10%')).toEqual([]);
    // 0.05 is 0.05 %, not 5 %: reviews has no 5xx at all.
    expect(nodesMatching('error < 0.05')).toEqual(['reviews-v2']);
    expect(edgesMatching('error > 5%')).toEqual([gwToPp.id]);
  });

  it('has no error share without requests', () => {
    expect(nodesMatching('error = 0')).toEqual(['reviews-v2']);
    expect(nodesMatching('error != 0')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(edgesMatching('error < 1')).toEqual([ppToReviews.id]);
  });

  it('compares 4xx shares', () => {
    expect(nodesMatching('4xx = 5%')).toEqual(['productpage-v1']);
    expect(edgesMatching('4xx >= 25')).toEqual([ppToReviews.id]);
  });

  it('compares latencies in ms, or s', () => {
    expect(nodesMatching('p95 > 200')).toEqual(['reviews-v2']);
    expect(nodesMatching('p95 > 100ms')).toEqual([
      'productpage-v1',
      'reviews-v2',
    ]);
    expect(nodesMatching('p50 < 30')).toEqual(['productpage-v1']);
    expect(nodesMatching('p99 >= 0.4s')).toEqual(['productpage-v1']);
    // Without a p99 a node is neither above nor below.
    expect(nodesMatching('p99 < 1000')).toEqual(['productpage-v1']);
    expect(nodesMatching('p99 != 400')).toEqual([
      'reviews-v2',
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(edgesMatching('p99 > 500')).toEqual([gwToPp.id]);
    expect(edgesMatching('p95 <= 120')).toEqual([ppToReviews.id]);
  });

  it('compares mTLS shares on edges only', () => {
    expect(edgesMatching('mtls < 100%')).toEqual([gwToPp.id]);
    expect(edgesMatching('mtls = 100')).toEqual([ppToReviews.id]);
    expect(nodesMatching('mtls < 100%')).toEqual([]);
  });

  it('compares TCP bytes per second, with multipliers', () => {
    expect(nodesMatching('tcp > 1k')).toEqual(['mysqldb']);
    expect(edgesMatching('tcp = 5000')).toEqual([reviewsToDb.id]);
    expect(edgesMatching('tcp >= 0.005M')).toEqual([reviewsToDb.id]);
    expect(edgesMatching('tcp > 5k')).toEqual([]);
  });
});

describe('parseGraphFilter names', () => {
  it('compares namespace, cluster, name, app and version', () => {
    expect(nodesMatching('namespace = bookinfo')).toEqual([
      'productpage-v1',
      'reviews-v2',
    ]);
    expect(nodesMatching('namespace != bookinfo')).toEqual([
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('cluster = west')).toEqual(['reviews-v2']);
    expect(nodesMatching('cluster != west')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('name = mysqldb')).toEqual(['mysqldb']);
    expect(nodesMatching('app = reviews')).toEqual(['reviews-v2']);
    expect(nodesMatching('version = v1')).toEqual(['productpage-v1']);
  });

  it('ignores case in values', () => {
    expect(nodesMatching('namespace = BookInfo')).toEqual([
      'productpage-v1',
      'reviews-v2',
    ]);
    expect(nodesMatching('name ~ REVIEWS')).toEqual(['reviews-v2']);
  });

  it('searches with ~ and !~', () => {
    expect(nodesMatching('name ~ review')).toEqual(['reviews-v2']);
    expect(nodesMatching('name ~ ^(product|reviews)')).toEqual([
      'productpage-v1',
      'reviews-v2',
    ]);
    expect(nodesMatching('version ~ v(1|2)')).toEqual([
      'productpage-v1',
      'reviews-v2',
    ]);
    expect(nodesMatching('name !~ review')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
      'mysqldb',
    ]);
    // No version at all: `~` fails, `!~` holds.
    expect(nodesMatching('version !~ v')).toEqual([
      'istio-ingressgateway',
      'mysqldb',
    ]);
  });

  it('compares kind, health, protocol and badge', () => {
    expect(nodesMatching('kind = gateway')).toEqual(['istio-ingressgateway']);
    expect(nodesMatching('kind = versioned-app')).toEqual([]);
    expect(nodesMatching('health = failure')).toEqual(['reviews-v2']);
    expect(nodesMatching('health != healthy')).toEqual(['reviews-v2']);
    expect(nodesMatching('badge = fault-injection')).toEqual(['reviews-v2']);
    expect(nodesMatching('badge = retries')).toEqual(['reviews-v2']);
    expect(nodesMatching('badge != fault-injection')).toEqual([
      'productpage-v1',
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('badge ~ virtual')).toEqual(['productpage-v1']);
    expect(nodesMatching('protocol = tcp')).toEqual([]);
  });

  it('uses the edge’s own health and protocol', () => {
    expect(edgesMatching('health = degraded')).toEqual([ppToReviews.id]);
    expect(edgesMatching('health = failure')).toEqual([]);
    expect(edgesMatching('protocol = tcp')).toEqual([reviewsToDb.id]);
    expect(edgesMatching('protocol != tcp')).toEqual([
      gwToPp.id,
      ppToReviews.id,
    ]);
  });

  it('matches an edge on node names when either end matches', () => {
    expect(edgesMatching('namespace = db')).toEqual([reviewsToDb.id]);
    expect(edgesMatching('namespace = bookinfo')).toEqual([
      gwToPp.id,
      ppToReviews.id,
      reviewsToDb.id,
    ]);
    // Edges that leave bookinfo.
    expect(edgesMatching('namespace != bookinfo')).toEqual([
      gwToPp.id,
      reviewsToDb.id,
    ]);
    expect(edgesMatching('kind = gateway')).toEqual([gwToPp.id]);
    expect(edgesMatching('badge = fault-injection')).toEqual([
      ppToReviews.id,
      reviewsToDb.id,
    ]);
    expect(edgesMatching('name ~ ^product')).toEqual([
      gwToPp.id,
      ppToReviews.id,
    ]);
    expect(edgesMatching('cluster = west')).toEqual([
      ppToReviews.id,
      reviewsToDb.id,
    ]);
  });

  it('accepts quoted values with escapes', () => {
    expect(nodesMatching('name = "reviews-v2"')).toEqual(['reviews-v2']);
    expect(nodesMatching("name ~ 'v2 or'")).toEqual([]);
    expect(nodesMatching('name ~ "s\\-v2"')).toEqual(['reviews-v2']);
    expect(nodesMatching('rate = "20"')).toEqual(['productpage-v1']);
  });
});

describe('parseGraphFilter logic', () => {
  it('combines with and, or, not', () => {
    expect(nodesMatching('namespace = bookinfo and rate > 1')).toEqual([
      'productpage-v1',
    ]);
    expect(nodesMatching('kind = gateway or kind = service')).toEqual([
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('not namespace = bookinfo')).toEqual([
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('not not name = mysqldb')).toEqual(['mysqldb']);
  });

  it('binds and tighter than or, and not tighter than and', () => {
    // a or (b and c): productpage through a; reviews fails c.
    expect(
      nodesMatching('name = productpage-v1 or app = reviews and rate > 1'),
    ).toEqual(['productpage-v1']);
    expect(
      nodesMatching('(name = productpage-v1 or app = reviews) and rate < 1'),
    ).toEqual(['reviews-v2']);
    // (not a) and b
    expect(nodesMatching('not kind = gateway and rate > 1')).toEqual([
      'productpage-v1',
    ]);
    expect(nodesMatching('not (kind = gateway and rate > 1)')).toEqual([
      'productpage-v1',
      'reviews-v2',
      'mysqldb',
    ]);
  });

  it('reads keywords and fields in any case, with or without spaces', () => {
    expect(nodesMatching('NAMESPACE=db OR Kind=gateway')).toEqual([
      'istio-ingressgateway',
      'mysqldb',
    ]);
    expect(nodesMatching('Not(rate>1)AND app=reviews')).toEqual(['reviews-v2']);
    expect(nodesMatching('(((name=mysqldb)))')).toEqual(['mysqldb']);
  });

  it('does not take a keyword inside a word for the keyword', () => {
    // `order` and `notes` are values, not `or` and `not`.
    const f = parse('name = order or name = notes');
    expect(nodes.filter(n => f.matchesNode(n))).toEqual([]);
  });

  it('matches nothing with empty text', () => {
    const f = parse('   ');
    expect(nodes.some(n => f.matchesNode(n))).toBe(false);
    expect(edges.some(([e, s, t]) => f.matchesEdge(e, s, t))).toBe(false);
  });
});

describe('parseGraphFilter errors', () => {
  it.each([
    [
      'rat < 1',
      `unknown field "rat" at 1: expected one of ${GRAPH_FILTER_FIELDS.join(', ')}`,
      1,
    ],
    [
      'rate 1',
      'expected an operator after rate at 6: one of =, !=, <, <=, >, >=, ~, !~; got "1"',
      6,
    ],
    ['rate <', 'expected a value after "<" at 7, got the end', 7],
    [
      'rate < abc',
      'expected a number for rate at 8: requests per second, e.g. 0.5; got "abc"',
      8,
    ],
    [
      'rate < 5%',
      'expected a number for rate at 8: requests per second, e.g. 0.5; got "5%"',
      8,
    ],
    [
      'p95 > 2h',
      'expected a number for p95 at 7: milliseconds, e.g. 200 or 1.5s; got "2h"',
      7,
    ],
    [
      'rate ~ 1',
      '"~" does not apply to rate at 6: it is a number; use =, !=, <, <=, > or >=',
      6,
    ],
    [
      'namespace > a',
      '">" does not apply to namespace at 11: it is a name; use =, !=, ~ or !~',
      11,
    ],
    [
      'health = fail',
      'unknown health "fail" at 10: expected one of healthy, degraded, failure, idle, unknown',
      10,
    ],
    [
      'protocol = udp',
      'unknown protocol "udp" at 12: expected one of http, grpc, tcp',
      12,
    ],
    [
      'kind = pod',
      'unknown kind "pod" at 8: expected one of workload, app, versioned-app, service, unknown, external, gateway',
      8,
    ],
    ['name ~ a(b', 'invalid regular expression "a(b" at 8', 8],
    ['(rate < 1', 'expected ")" at 10 to close the "(" at 1, got the end', 10],
    ['rate < 1)', 'expected "and", "or" or the end at 9, got ")"', 9],
    ['rate < 1 rate', 'expected "and", "or" or the end at 10, got "rate"', 10],
    ['rate < 1 and', 'expected a field or "(" at 13, got the end', 13],
    ['not', 'expected a field or "(" at 4, got the end', 4],
    ['= 3', 'expected a field or "(" at 1, got "="', 1],
    ['name = "reviews', 'unclosed string at 8: add the closing "', 8],
  ])('%j: %s', (text, message, position) => {
    const e = error(text);
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.position).toBe(position);
  });

  it('checks badge names after =, not after ~', () => {
    expect(error('badge = faults').message).toMatch(
      /^unknown badge "faults" at 9: expected one of virtual-service, /,
    );
    // A search is free text, so it is not checked against the list.
    expect(isGraphFilterError(parseGraphFilter('badge ~ fault'))).toBe(false);
  });
});
