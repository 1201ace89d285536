import path from 'node:path';
import { resolveFixturesDir } from '../manifests/fixturesDir';
import { readManifests } from '../manifests/readManifests';
import { crdToResourceType } from './crdToResourceType';

describe('crdToResourceType', () => {
  it('serves every version a fixture CRD lists, most preferred first', async () => {
    const crds = await readManifests([
      path.join(resolveFixturesDir(), 'istio-crds', 'istio-crds.yaml'),
    ]);
    const telemetry = crdToResourceType(
      crds.find(c => c.metadata.name === 'telemetries.telemetry.istio.io')!,
    ).type!;
    expect(telemetry.versions).toEqual(['v1', 'v1alpha1']);
    expect(telemetry.storageVersion).toBe('v1alpha1');
    const dr = crdToResourceType(
      crds.find(
        c => c.metadata.name === 'destinationrules.networking.istio.io',
      )!,
    ).type!;
    expect(dr).toMatchObject({
      kind: 'DestinationRule',
      plural: 'destinationrules',
      namespaced: true,
      shortNames: ['dr'],
      versions: ['v1', 'v1beta1', 'v1alpha3'],
    });
    expect(dr.printerColumns.v1.map(c => c.name)).toEqual(['Host', 'Age']);
  });

  it('reports what makes a CRD invalid', () => {
    const { type, problems } = crdToResourceType({
      metadata: { name: 'x' },
      spec: { scope: 'Everywhere', versions: [] },
    });
    expect(type).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        'spec.group: Required value',
        expect.stringContaining('spec.scope'),
      ]),
    );
  });
});
