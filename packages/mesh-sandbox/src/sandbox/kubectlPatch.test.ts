import { waitFor } from '../testUtils/waitFor';
import { hasKubectl, useKubectlSession } from '../testUtils/kubectlSession';

jest.setTimeout(60_000);

const VS = (weight: number) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-ssa
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${weight}
    - destination: {host: reviews, subset: v3}
      weight: ${100 - weight}
`;

const DEPLOYMENT = (
  replicas: number,
  image: string,
  env = '',
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: bookinfo
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v1}
    spec:
      containers:
      - name: web
        image: ${image}
${env}`;

(hasKubectl ? describe : describe.skip)(
  'kubectl patch, apply --server-side, diff and dry runs',
  () => {
    const { kubectl, kubectlResult, file } = useKubectlSession(
      'kubectl patch/apply suite',
    );

    it('sets an image with a strategic merge patch and rolls out a new ReplicaSet to completion', async () => {
      await waitFor(
        async () =>
          (await kubectl(
            'get',
            'deploy',
            'reviews-v3',
            '-n',
            'bookinfo',
            '-o',
            'jsonpath={.status.readyReplicas}',
          )) === '1',
        'reviews-v3 ready',
        15_000,
      );
      await kubectl(
        'set',
        'image',
        'deployment/reviews-v3',
        '-n',
        'bookinfo',
        'reviews=docker.io/istio/examples-bookinfo-reviews-v3:1.99.0',
      );
      expect(
        await kubectl(
          'get',
          'deploy',
          'reviews-v3',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.template.spec.containers[*].name} {.spec.template.spec.containers[0].image}',
        ),
      ).toBe('reviews docker.io/istio/examples-bookinfo-reviews-v3:1.99.0');
      expect(
        await kubectl(
          'rollout',
          'status',
          'deployment/reviews-v3',
          '-n',
          'bookinfo',
          '--timeout=30s',
        ),
      ).toContain('successfully rolled out');
      const replicaSets = (
        await kubectl(
          'get',
          'rs',
          '-n',
          'bookinfo',
          '-l',
          'app=reviews,version=v3',
          '-o',
          'name',
        )
      )
        .trim()
        .split('\n');
      expect(replicaSets).toHaveLength(2);
    });

    it('restarts a rollout (new ReplicaSet), waits for it, and annotates', async () => {
      await kubectl(
        'rollout',
        'restart',
        'deployment/productpage-v1',
        '-n',
        'bookinfo',
      );
      expect(
        await kubectl(
          'get',
          'deploy',
          'productpage-v1',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.template.metadata.annotations}',
        ),
      ).toContain('kubectl.kubernetes.io/restartedAt');
      expect(
        await kubectl(
          'rollout',
          'status',
          'deployment/productpage-v1',
          '-n',
          'bookinfo',
          '--timeout=30s',
        ),
      ).toContain('successfully rolled out');
      expect(
        (
          await kubectl(
            'get',
            'rs',
            '-n',
            'bookinfo',
            '-l',
            'app=productpage',
            '-o',
            'name',
          )
        )
          .trim()
          .split('\n'),
      ).toHaveLength(2);
      expect(
        await kubectl(
          'wait',
          '--for=condition=Available',
          'deployment/productpage-v1',
          '-n',
          'bookinfo',
          '--timeout=20s',
        ),
      ).toContain('condition met');
      await kubectl(
        'annotate',
        'vs',
        'reviews',
        '-n',
        'bookinfo',
        'owner=team-reviews',
      );
      expect(
        await kubectl(
          'get',
          'vs',
          'reviews',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.metadata.annotations.owner}',
        ),
      ).toBe('team-reviews');
    });

    it('patches with --type=json and --type=strategic (containers merged by name)', async () => {
      await kubectl(
        'patch',
        'deployment',
        'details-v1',
        '-n',
        'bookinfo',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/replicas","value":2},{"op":"add","path":"/metadata/labels/patched","value":"json"}]',
      );
      expect(
        await kubectl(
          'get',
          'deploy',
          'details-v1',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.replicas} {.metadata.labels.patched}',
        ),
      ).toBe('2 json');
      const failed = await kubectlResult(
        'patch',
        'deployment',
        'details-v1',
        '-n',
        'bookinfo',
        '--type=json',
        '-p',
        '[{"op":"test","path":"/spec/replicas","value":5}]',
      );
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toMatch(/invalid|testing value/i);
      await kubectl(
        'patch',
        'deployment',
        'ratings-v1',
        '-n',
        'bookinfo',
        '--type=strategic',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"ratings","env":[{"name":"LOG","value":"debug"}]}]}}}}',
      );
      expect(
        await kubectl(
          'get',
          'deploy',
          'ratings-v1',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].value}',
        ),
      ).toMatch(/examples-bookinfo-ratings-v1:\S+ debug$/);
    });

    it('applies server-side with field managers, conflicts with another manager, and forces', async () => {
      const vsFile = await file('vs.yaml', VS(90));
      expect(await kubectl('apply', '--server-side', '-f', vsFile)).toContain(
        'virtualservice.networking.istio.io/reviews-ssa serverside-applied',
      );
      const managers = JSON.parse(
        await kubectl(
          'get',
          'vs',
          'reviews-ssa',
          '-n',
          'bookinfo',
          '--show-managed-fields',
          '-o',
          'jsonpath={.metadata.managedFields}',
        ),
      ) as Array<{
        manager: string;
        operation: string;
        fieldsV1: Record<string, unknown>;
      }>;
      expect(managers).toEqual([
        expect.objectContaining({
          manager: 'kubectl',
          operation: 'Apply',
          fieldsV1: { 'f:spec': { 'f:hosts': {}, 'f:http': {} } },
        }),
      ]);

      const deployFile = await file('deploy.yaml', DEPLOYMENT(1, 'nginx:1.27'));
      await kubectl('apply', '--server-side', '-f', deployFile);
      await kubectl(
        'scale',
        'deployment/web',
        '-n',
        'bookinfo',
        '--replicas=3',
      );
      await file('deploy.yaml', DEPLOYMENT(1, 'nginx:1.28'));
      const conflict = await kubectlResult(
        'apply',
        '--server-side',
        '-f',
        deployFile,
      );
      expect(conflict.code).not.toBe(0);
      // kubectl scale sends no fieldManager: the apiserver names it after the user agent.
      expect(conflict.stderr).toMatch(/conflict with "kubectl" using apps\/v1/);
      expect(conflict.stderr).toContain('.spec.replicas');
      expect(
        await kubectl(
          'get',
          'deploy',
          'web',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}',
        ),
      ).toBe('3 nginx:1.27');
      await kubectl(
        'apply',
        '--server-side',
        '--force-conflicts',
        '-f',
        deployFile,
      );
      expect(
        await kubectl(
          'get',
          'deploy',
          'web',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}',
        ),
      ).toBe('1 nginx:1.28');
      // Leaving a field out of the next apply removes it.
      await file(
        'deploy.yaml',
        DEPLOYMENT(
          1,
          'nginx:1.28',
          '        env:\n        - {name: A, value: "1"}\n',
        ),
      );
      await kubectl('apply', '--server-side', '-f', deployFile);
      await file('deploy.yaml', DEPLOYMENT(1, 'nginx:1.28'));
      await kubectl('apply', '--server-side', '-f', deployFile);
      expect(
        await kubectl(
          'get',
          'deploy',
          'web',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].env}',
        ),
      ).toBe('');
    });

    it('diffs against a server-side dry run and applies client-side, with --dry-run=server changing nothing', async () => {
      const vsFile = await file(
        'diff-vs.yaml',
        VS(90).replace('reviews-ssa', 'reviews-diff'),
      );
      await kubectl('apply', '-f', vsFile);
      await file('diff-vs.yaml', VS(50).replace('reviews-ssa', 'reviews-diff'));
      const diff = await kubectlResult('diff', '-f', vsFile);
      expect(diff.code).toBe(1);
      expect(diff.stdout).toMatch(/^-\s+weight: 90$/m);
      expect(diff.stdout).toMatch(/^\+\s+weight: 50$/m);
      expect(
        await kubectl('apply', '-f', vsFile, '--dry-run=server'),
      ).toContain('(server dry run)');
      expect(
        await kubectl(
          'get',
          'vs',
          'reviews-diff',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.http[0].route[0].weight}',
        ),
      ).toBe('90');
      await kubectl('apply', '-f', vsFile);
      expect((await kubectlResult('diff', '-f', vsFile)).code).toBe(0);

      // Client-side apply of a Deployment sends a strategic merge patch with $setElementOrder directives.
      const deployFile = await file(
        'csa.yaml',
        DEPLOYMENT(1, 'nginx:1.27')
          .replace(/name: web/g, 'name: csa')
          .replace(/app: web/g, 'app: csa'),
      );
      await kubectl('apply', '-f', deployFile);
      await file(
        'csa.yaml',
        DEPLOYMENT(
          1,
          'nginx:1.29',
          '        env:\n        - {name: B, value: "2"}\n',
        )
          .replace(/name: web/g, 'name: csa')
          .replace(/app: web/g, 'app: csa'),
      );
      expect(await kubectl('apply', '-f', deployFile)).toContain(
        'deployment.apps/csa configured',
      );
      expect(
        await kubectl(
          'get',
          'deploy',
          'csa',
          '-n',
          'bookinfo',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].name}',
        ),
      ).toBe('nginx:1.29 B');
    });
  },
);
