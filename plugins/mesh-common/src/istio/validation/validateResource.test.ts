import fs from 'node:fs';
import path from 'node:path';
// yaml is a workspace dev tool (the CLI's dependency); mesh-common itself never parses YAML.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../../kube/types';
import { validateResource } from './validateResource';

const BOOKINFO = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/istio-samples/bookinfo',
);

function vs(spec: unknown, apiVersion = 'networking.istio.io/v1'): KubeObject {
  return {
    apiVersion,
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'prod' },
    spec,
  };
}

const paths = (o: KubeObject) => validateResource(o).map(f => f.path);

describe('validateResource', () => {
  it('finds nothing wrong in Bookinfo networking samples', () => {
    const dir = path.join(BOOKINFO, 'networking');
    for (const file of fs.readdirSync(dir)) {
      for (const doc of parseAllDocuments(
        fs.readFileSync(path.join(dir, file), 'utf8'),
      )) {
        const o = doc.toJS() as KubeObject | null;
        if (!o) continue;
        expect({ file, findings: validateResource(o) }).toEqual({
          file,
          findings: [],
        });
      }
    }
  });

  it('reports schema errors with their field paths', () => {
    const findings = validateResource(
      vs({
        hosts: ['reviews'],
        http: [
          {
            route: [{ destination: { host: 'reviews' }, weight: 'ten' }],
            bogus: 1,
          },
        ],
      }),
    );
    expect(findings.map(f => f.path)).toEqual(
      expect.arrayContaining([
        'spec.http[0].route[0].weight',
        'spec.http[0].bogus',
      ]),
    );
    expect(
      findings.every(
        f => f.code === 'IST0106' && f.resource.name === 'reviews',
      ),
    ).toBe(true);
  });

  it('checks Istio rules the schema misses', () => {
    const f = paths(
      vs({
        hosts: ['reviews', 'foo.*.com'],
        http: [
          {
            match: [
              {
                uri: { regex: '([a-z' },
                headers: { 'bad header': { exact: 'x' } },
              },
            ],
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
              {
                destination: {
                  host: 'reviews',
                  subset: 'v2',
                  port: { number: 70000 },
                },
                weight: -10,
              },
            ],
            timeout: '1.5x',
          },
        ],
      }),
    );
    expect(f).toEqual(
      expect.arrayContaining([
        'spec.hosts[1]',
        'spec.http[0].match[0].uri.regex',
        'spec.http[0].match[0].headers["bad header"]',
        'spec.http[0].route',
        'spec.http[0].route[1].weight',
        'spec.http[0].route[1].destination.port.number',
        'spec.http[0].timeout',
      ]),
    );
  });

  it('accepts good durations and weights that sum to 100', () => {
    expect(
      paths(
        vs({
          hosts: ['reviews'],
          http: [
            {
              timeout: '1.5s',
              retries: { attempts: 3, perTryTimeout: '100ms' },
              route: [
                { destination: { host: 'reviews', subset: 'v1' }, weight: 75 },
                { destination: { host: 'reviews', subset: 'v2' }, weight: 25 },
              ],
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('applies CEL rules such as minimum durations and exclusive fields', () => {
    const dr: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'r' },
      spec: {
        host: 'r',
        trafficPolicy: {
          connectionPool: { tcp: { connectTimeout: '0.1ms' } },
          loadBalancer: {
            simple: 'RANDOM',
            consistentHash: { useSourceIp: true },
          },
        },
      },
    };
    const f = validateResource(dr);
    expect(f.map(x => x.path)).toEqual(
      expect.arrayContaining([
        'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
        'spec.trafficPolicy.loadBalancer',
      ]),
    );
    expect(
      f.find(x => x.path === 'spec.trafficPolicy.loadBalancer')?.message,
    ).toMatch(/only one of/);
  });

  it('reports an apiVersion the CRD does not serve, and ignores kinds without a CRD', () => {
    expect(
      validateResource(vs({ hosts: ['a'] }, 'networking.istio.io/v9'))[0],
    ).toMatchObject({ code: 'MSH0001', path: 'apiVersion' });
    expect(
      validateResource({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'x' },
        spec: { whatever: 1 },
      }),
    ).toEqual([]);
    expect(
      validateResource({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'Bad_Name' },
      })[0].path,
    ).toBe('metadata.name');
  });

  it('validates Gateway API kinds too', () => {
    const route: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r' },
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [{ backendRefs: [{ name: 'svc', port: 99999 }] }],
      },
    };
    expect(paths(route)).toContain('spec.rules[0].backendRefs[0].port');
  });
});
