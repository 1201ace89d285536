import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from '../testCli';

const B = path.resolve(__dirname, '../../../../../shared/fixtures/istio-samples/bookinfo');
const files = [`${B}/platform/kube/bookinfo.yaml`, `${B}/networking/destination-rule-all.yaml`, `${B}/networking/virtual-service-reviews-jason-v2-v3.yaml`];

describe('meshport trace', () => {
  it('follows a header match to its subset, as JSON', async () => {
    const r = await cli('trace', '--host', 'reviews', '--header', 'end-user=jason', '--from', 'default/productpage-v1', '--format', 'json', ...files);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({ virtualService: { namespace: 'default', name: 'reviews' }, ruleIndex: 0, fault: null, timeout: null, mirror: [] });
    expect(t.destinations).toEqual([expect.objectContaining({ host: 'reviews.default.svc.cluster.local', subset: 'v2', port: 9080, weight: 100 })]);
    expect(Object.keys(t)).toEqual(expect.arrayContaining(['retries', 'steps']));
  });

  it('takes the default rule without the header, in text', async () => {
    const r = await cli('trace', '--host', 'reviews', ...files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('virtual service: default/reviews rule 1');
    expect(r.stdout).toContain('subset v3');
  });

  it('rejects bad flags and unknown workloads with exit 2', async () => {
    expect((await cli('trace', ...files)).code).toBe(2);
    expect(await cli('trace', '--host', 'reviews', '--port', 'x', ...files)).toMatchObject({ code: 2, stderr: expect.stringContaining('--port') });
    expect(await cli('trace', '--host', 'reviews', '--from', 'default/ghost', ...files)).toMatchObject({ code: 2, stderr: expect.stringContaining('ghost') });
    expect(await cli('trace', '--host', 'reviews', '--header', 'novalue', ...files)).toMatchObject({ code: 2 });
  });

  it('runs through bin/meshport', () => {
    const r = spawnSync(path.resolve(__dirname, '../../bin/meshport'), ['trace', '--host', 'reviews', '--header', 'end-user=jason', '--format', 'json', ...files], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).destinations[0].subset).toBe('v2');
  }, 30_000);
});
