import fs from 'node:fs';
import path from 'node:path';
// yaml is a workspace dev tool (the CLI's dependency); mesh-common itself never parses YAML.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { analyze } from './analyze';
import { obj, service } from './testFixtures';

const BOOKINFO = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/istio-samples/bookinfo',
);

function load(...files: string[]): KubeObject[] {
  return files.flatMap(f =>
    parseAllDocuments(fs.readFileSync(path.join(BOOKINFO, f), 'utf8'))
      .map(d => d.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => !!o),
  );
}

describe('analyze', () => {
  it('finds only the known gaps in Bookinfo: subsets whose versions are not deployed', () => {
    const objects = load(
      'platform/kube/bookinfo.yaml',
      'networking/bookinfo-gateway.yaml',
      'networking/destination-rule-all.yaml',
      'networking/virtual-service-all-v1.yaml',
    );
    const findings = analyze(MeshIndex.build(objects));
    expect(findings.map(f => `${f.code} ${f.resource.name} ${f.path}`)).toEqual(
      [
        'MSH0101 details spec.subsets[1].labels',
        'MSH0101 ratings spec.subsets[1].labels',
        'MSH0101 ratings spec.subsets[2].labels',
        'MSH0101 ratings spec.subsets[3].labels',
      ],
    );
  });

  it('combines validation and analyzers, errors first', () => {
    const vs = obj('VirtualService', 'reviews', 'prod', {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 120 },
          ],
        },
      ],
    });
    // Some Service must be given before a host can be called missing.
    const objects = [service('ratings', 'prod', { app: 'ratings' }), vs];
    const findings = analyze(MeshIndex.build(objects));
    expect(findings.map(f => f.code)).toEqual(['IST0101', 'IST0106']);
    expect(findings[1]).toMatchObject({
      level: 'Warning',
      path: 'spec.http[0].route[0].weight',
    });
    expect(
      analyze(MeshIndex.build(objects), { skipValidation: true }).map(
        f => f.code,
      ),
    ).toEqual(['IST0101']);
    expect(
      analyze(MeshIndex.build(objects), {
        only: ['gateway'],
        skipValidation: true,
      }),
    ).toEqual([]);
  });
});
