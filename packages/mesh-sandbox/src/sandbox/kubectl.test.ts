import { waitFor } from '../testUtils/waitFor';
import { hasKubectl, useKubectlSession } from '../testUtils/kubectlSession';

jest.setTimeout(60_000);

(hasKubectl ? describe : describe.skip)('kubectl against the sandbox', () => {
  const { kubectl, file } = useKubectlSession('kubectl suite');

  it('gets the six Bookinfo pods, each with an istio-proxy sidecar', async () => {
    const pods = await waitFor(async () => {
      const list = JSON.parse(
        await kubectl('get', 'pods', '-n', 'bookinfo', '-o', 'json'),
      ) as {
        items: Array<{
          status: { phase: string };
          spec: { containers: Array<{ name: string; image: string }> };
        }>;
      };
      return list.items.length === 6 &&
        list.items.every(p => p.status.phase === 'Running')
        ? list.items
        : undefined;
    }, 'six running pods');
    for (const pod of pods) {
      const proxy = pod.spec.containers.find(c => c.name === 'istio-proxy');
      expect(proxy?.image).toBe('docker.io/istio/proxyv2:1.27.1');
    }
  });

  it('prints tables for built-in kinds and CRDs across namespaces', async () => {
    const pods = await kubectl('get', 'pods', '-n', 'bookinfo');
    expect(pods.split('\n')[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/,
    );
    expect(pods).toMatch(/productpage-v1-\S+\s+2\/2\s+Running/);
    const virtualServices = await kubectl('get', 'virtualservices', '-A');
    expect(virtualServices.split('\n')[0]).toMatch(
      /^NAMESPACE\s+NAME\s+GATEWAYS\s+HOSTS\s+AGE$/,
    );
    expect(virtualServices).toMatch(/bookinfo\s+reviews\s+\["reviews"\]/);
    expect(
      await kubectl(
        'get',
        'deploy',
        '-n',
        'istio-system',
        'istiod',
        '-o',
        'jsonpath={.metadata.labels.app} {.metadata.labels.istio\\.io/rev}',
      ),
    ).toBe('istiod default');
  });

  it('prints every output format: yaml, wide, name, custom-columns, go-template, jsonpath', async () => {
    const yaml = await kubectl(
      'get',
      'svc',
      'reviews',
      '-n',
      'bookinfo',
      '-o',
      'yaml',
    );
    expect(yaml).toMatch(/^apiVersion: v1\nkind: Service\n/);
    expect(yaml).toMatch(/clusterIP: 10\.\d+\.\d+\.\d+/);
    const wide = await kubectl(
      'get',
      'pods',
      '-n',
      'bookinfo',
      '-l',
      'app=details',
      '-o',
      'wide',
    );
    expect(wide.split('\n')[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    expect(wide).toMatch(
      /details-v1-\S+\s+2\/2\s+Running\s+0\s+\S+\s+10\.\d+\.\d+\.\d+\s+sandbox-node-1/,
    );
    expect(
      (await kubectl('get', 'deploy', '-n', 'bookinfo', '-o', 'name'))
        .trim()
        .split('\n'),
    ).toContain('deployment.apps/productpage-v1');
    const columns = await kubectl(
      'get',
      'dr',
      '-n',
      'bookinfo',
      '-o',
      'custom-columns=NAME:.metadata.name,HOST:.spec.host,SUBSETS:.spec.subsets[*].name',
      '--sort-by=.metadata.name',
    );
    expect(columns).toMatch(/^NAME\s+HOST\s+SUBSETS\n/);
    expect(columns).toMatch(/reviews\s+reviews\s+v1,v2,v3/);
    expect(
      await kubectl(
        'get',
        'ns',
        'bookinfo',
        '-o',
        'go-template={{index .metadata.labels "istio-injection"}}',
      ),
    ).toBe('enabled');
  });

  it('applies, updates and deletes a VirtualService', async () => {
    const manifest = (weight: number) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-canary
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${weight}
    - destination: {host: reviews, subset: v2}
      weight: ${100 - weight}
`;
    const vsFile = await file('vs.yaml', manifest(90));
    expect(await kubectl('apply', '-f', vsFile)).toContain(
      'virtualservice.networking.istio.io/reviews-canary created',
    );
    await file('vs.yaml', manifest(50));
    expect(await kubectl('apply', '-f', vsFile)).toContain('configured');
    expect(
      await kubectl(
        'get',
        'vs',
        'reviews-canary',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.spec.http[0].route[*].weight} {.metadata.generation}',
      ),
    ).toBe('50 50 2');
    expect(await kubectl('delete', '-f', vsFile)).toContain('deleted');
    await expect(
      kubectl('get', 'vs', 'reviews-canary', '-n', 'bookinfo'),
    ).rejects.toThrow(/NotFound|not found/);
  });

  it('scales a deployment and labels a namespace', async () => {
    await kubectl(
      'scale',
      'deployment/ratings-v1',
      '-n',
      'bookinfo',
      '--replicas=2',
    );
    await waitFor(
      async () =>
        (
          await kubectl(
            'get',
            'pods',
            '-n',
            'bookinfo',
            '-l',
            'app=ratings',
            '-o',
            'name',
          )
        )
          .trim()
          .split('\n').length === 2,
      'two ratings pods',
    );
    await kubectl('label', 'namespace', 'bookinfo', 'team=reviews');
    expect(
      await kubectl(
        'get',
        'ns',
        'bookinfo',
        '-o',
        'jsonpath={.metadata.labels.team}',
      ),
    ).toBe('reviews');
  });
});
