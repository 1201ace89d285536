import fs from 'node:fs';
import path from 'node:path';
import { KubeObject } from '../../kube/types';
import { analyze } from '../analyzers/analyze';
import { ANALYZERS } from '../analyzers/registry';
import {
  bookinfoDestinationRules,
  bookinfoGateway,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../model/__fixtures__/bookinfo';
import { istio } from '../model/__fixtures__/objects';
import { GATEWAY_API_GROUP } from '../model/gatewayApi';
import { traceRequest } from '../routing/traceRequest';
import { authorizeRequest } from '../security/authorizeRequest';
import { buildClusterOverview } from '../../overview/buildClusterOverview';
import { entityMeshSelector } from '../../overview/entitySelector';
import { WEBHOOK_CONFIG_KIND } from '../injection/injectorSetup';
import {
  GATEWAY_API_GATEWAY_KIND,
  indexKindOf,
  isClusterScoped,
} from './indexKey';
import { MeshIndex } from './MeshIndex';
import { apiVersionOf, kindPath, WATCHED_KINDS } from './watchedKinds';

/** The kind each watched kind is filed under in the index (Gateway API Gateways are qualified). */
const watchedIndexKinds = new Set(
  WATCHED_KINDS.map(k =>
    indexKindOf({ apiVersion: apiVersionOf(k, k.versions[0]), kind: k.kind }),
  ),
);

const SRC = path.resolve(__dirname, '../..');
/** Constants the engines pass as a kind. */
const KIND_CONSTANTS: Record<string, string> = {
  GATEWAY_API_GATEWAY_KIND,
  WEBHOOK_CONFIG_KIND,
};
/**
 * Files that read kinds for another purpose: validation checks whatever objects it is given,
 * so it asks the index for every kind with a schema, watched or not.
 */
const NOT_SEMANTIC = new Set(['istio/analyzers/objectsOfInterest.ts']);
/** Analyzers that, like validation, look at every object given (through objectsToValidate). */
const GENERIC_ANALYZERS = new Set(['annotations']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__fixtures__' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * Kinds the source reads from the index: literal or constant first arguments of
 * `index.all/inNamespace/get` and `ctx.has`; where the kind is a variable, every kind named in
 * the file's constant string arrays (that is how the analyzers and the overview loop over kinds).
 */
function kindsReadBySource(): Map<string, string[]> {
  const read = new Map<string, string[]>();
  const note = (kind: string, file: string) =>
    read.set(kind, [...(read.get(kind) ?? []), file]);
  const call =
    /(?:\bindex|ctx\.index|this\.index)\.(?:all|inNamespace|get)(?:<[^>]*>)?\(\s*([^,)]+)/g;
  const has = /\b(?:ctx|this)\.has\(\s*'([A-Z]\w*)'\s*\)/g;
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (NOT_SEMANTIC.has(rel)) continue;
    const text = fs.readFileSync(file, 'utf8');
    let dynamic = false;
    for (const m of text.matchAll(call)) {
      const arg = m[1].trim();
      const literal = arg.match(/^'([^']+)'$/);
      if (literal) note(literal[1], rel);
      else if (KIND_CONSTANTS[arg]) note(KIND_CONSTANTS[arg], rel);
      else dynamic = true;
    }
    for (const m of text.matchAll(has)) note(m[1], rel);
    if (dynamic) {
      for (const arr of text.matchAll(
        /const [A-Z_]+(?::[^=]+)? = \[([\s\S]*?)\];/g,
      )) {
        for (const lit of arr[1].matchAll(/'([A-Z][a-z]\w*)'/g))
          note(lit[1], rel);
      }
    }
  }
  return read;
}

/** An index that records every kind it is asked for. */
class RecordingIndex extends MeshIndex {
  readonly asked = new Set<string>();
  all<T extends KubeObject = KubeObject>(kind: string, cluster?: string): T[] {
    this.asked.add(kind);
    return super.all<T>(kind, cluster);
  }
  inNamespace<T extends KubeObject = KubeObject>(
    kind: string,
    namespace: string,
    cluster?: string,
  ): T[] {
    this.asked.add(kind);
    return super.inNamespace<T>(kind, namespace, cluster);
  }
  get<T extends KubeObject = KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
    cluster?: string,
  ): T | undefined {
    this.asked.add(kind);
    return super.get<T>(kind, namespace, name, cluster);
  }
}

describe('WATCHED_KINDS', () => {
  it('names every kind an engine, analyzer or the overview reads from the index (source scan)', () => {
    const read = kindsReadBySource();
    expect(read.size).toBeGreaterThan(20); // the scan found the engines at all
    const missing = [...read.entries()]
      .filter(([kind]) => !watchedIndexKinds.has(kind))
      .map(
        ([kind, files]) =>
          `${kind} (read in ${[...new Set(files)].join(', ')})`,
      );
    expect(missing).toEqual([]);
  });

  it('names every kind the engines ask for while running (recorded)', () => {
    const index = new RecordingIndex();
    const objects: KubeObject[] = [
      ...bookinfoKube(),
      ...bookinfoDestinationRules(),
      ...bookinfoGateway(),
      reviewsJasonV2V3(),
      istio('PeerAuthentication', 'istio-system', 'default', {
        mtls: { mode: 'STRICT' },
      }),
      istio('AuthorizationPolicy', 'bookinfo', 'reviews', {
        selector: { matchLabels: { app: 'reviews' } },
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/bookinfo/sa/productpage'],
                },
              },
            ],
          },
        ],
      }),
      istio(
        'Gateway',
        'bookinfo',
        'web',
        {
          gatewayClassName: 'istio',
          listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
        },
        { apiVersion: `${GATEWAY_API_GROUP}/v1` },
      ),
      istio(
        'HTTPRoute',
        'bookinfo',
        'reviews',
        {
          parentRefs: [{ name: 'web' }],
          rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }],
        },
        { apiVersion: `${GATEWAY_API_GROUP}/v1` },
      ),
    ];
    for (const o of objects) index.upsert(o, 'c1');
    analyze(index, {
      skipValidation: true,
      only: ANALYZERS.map(a => a.name).filter(n => !GENERIC_ANALYZERS.has(n)),
    });
    traceRequest(index, {
      source: { namespace: 'bookinfo', labels: { app: 'productpage' } },
      host: 'reviews',
      port: 9080,
      path: '/',
    } as Parameters<typeof traceRequest>[1]);
    authorizeRequest(index, {
      source: { namespace: 'bookinfo', labels: { app: 'productpage' } },
      destination: { namespace: 'bookinfo', service: 'reviews' },
      port: 9080,
    } as Parameters<typeof authorizeRequest>[1]);
    const selector = entityMeshSelector({
      metadata: {
        annotations: {
          'backstage.io/kubernetes-label-selector': 'app=reviews',
        },
      },
    });
    if (!selector.ok) throw new Error(selector.message);
    buildClusterOverview(
      'c1',
      { status: 'synced', objectCounts: {}, missingKinds: [] },
      index,
      selector.selector,
    );
    expect(index.asked.size).toBeGreaterThan(15);
    expect([...index.asked].filter(k => !watchedIndexKinds.has(k))).toEqual([]);
  });

  it('says which kinds are cluster-scoped as the index files them, and builds collection paths', () => {
    for (const k of WATCHED_KINDS)
      expect([k.kind, isClusterScoped(k.kind)]).toEqual([
        k.kind,
        !k.namespaced,
      ]);
    const byKind = (kind: string, group?: string) =>
      WATCHED_KINDS.find(
        k => k.kind === kind && (group === undefined || k.group === group),
      )!;
    expect(kindPath(byKind('Pod'), 'v1')).toBe('/api/v1/pods');
    expect(kindPath(byKind('HTTPRoute'), 'v1')).toBe(
      '/apis/gateway.networking.k8s.io/v1/httproutes',
    );
    expect(byKind('Gateway', GATEWAY_API_GROUP).versions).toEqual([
      'v1',
      'v1beta1',
    ]);
    expect(byKind('MutatingWebhookConfiguration')).toMatchObject({
      namespaced: false,
      group: 'admissionregistration.k8s.io',
      versions: ['v1'],
    });
    // Only Istio's mesh-config ConfigMap, selected by the cache; the path stays the collection's.
    expect(byKind('ConfigMap')).toMatchObject({
      fieldSelector: 'metadata.name=istio',
    });
    expect(kindPath(byKind('ConfigMap'), 'v1')).toBe('/api/v1/configmaps');
    expect(apiVersionOf(byKind('Telemetry'), 'v1')).toBe(
      'telemetry.istio.io/v1',
    );
    const names = WATCHED_KINDS.map(k => `${k.group}/${k.plural}`);
    expect(new Set(names).size).toBe(names.length);
  });
});
