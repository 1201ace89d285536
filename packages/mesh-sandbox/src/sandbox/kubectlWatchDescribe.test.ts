import { spawn } from 'node:child_process';
import {
  hasKubectl,
  KUBECTL,
  useKubectlSession,
} from '../testUtils/kubectlSession';
import { waitFor } from '../testUtils/waitFor';

jest.setTimeout(60_000);

/** Starts a long-running kubectl (like `get -w`) and collects its output lines until stopped. */
function streamKubectl(args: string[]): { lines: string[]; stop(): void } {
  const child = spawn(KUBECTL, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    const complete = buffer.split('\n');
    buffer = complete.pop() ?? '';
    lines.push(...complete);
  });
  child.stderr.on('data', (chunk: Buffer) =>
    lines.push(`stderr: ${chunk.toString('utf8').trim()}`),
  );
  return { lines, stop: () => child.kill('SIGTERM') };
}

(hasKubectl ? describe : describe.skip)(
  'kubectl get -w, describe and Istio revisions against the sandbox',
  () => {
    const session = useKubectlSession(
      'kubectl watch/describe/revisions suite',
      {
        clusters: [
          {
            name: 'sandbox',
            scenario: 'demo',
            istioRevisions: [{ name: 'canary', version: '1.28.0' }],
          },
        ],
      },
    );
    const { kubectl, file } = session;

    it('streams changes with get -w: a scaled deployment shows its new pod going from Pending to Running', async () => {
      await waitFor(
        async () =>
          (await kubectl(
            'get',
            'deploy',
            'details-v1',
            '-n',
            'bookinfo',
            '-o',
            'jsonpath={.status.readyReplicas}',
          )) === '1',
        'details ready',
      );
      const watch = streamKubectl([
        ...session.baseArgs(),
        'get',
        'pods',
        '-n',
        'bookinfo',
        '-l',
        'app=details',
        '-w',
      ]);
      try {
        await waitFor(
          async () =>
            watch.lines.some(l => /^details-v1-\S+\s+2\/2\s+Running/.test(l)),
          'the initial listing',
        );
        const before = watch.lines.length;
        await kubectl(
          'scale',
          'deployment/details-v1',
          '-n',
          'bookinfo',
          '--replicas=2',
        );
        await waitFor(async () => {
          const changes = watch.lines.slice(before);
          return (
            changes.some(l =>
              /\s(Pending|ContainerCreating|Init:0\/1|PodInitializing)\s/.test(
                l,
              ),
            ) && changes.some(l => /2\/2\s+Running/.test(l))
          );
        }, 'watch lines for the new pod');
        expect(watch.lines.filter(l => l.startsWith('stderr:'))).toEqual([]);
      } finally {
        watch.stop();
        await kubectl(
          'scale',
          'deployment/details-v1',
          '-n',
          'bookinfo',
          '--replicas=1',
        );
      }
    });

    it('describes a pod with its sidecar, a deployment with its ReplicaSet, and an Istio resource', async () => {
      const podName = (
        await kubectl(
          'get',
          'pods',
          '-n',
          'bookinfo',
          '-l',
          'app=ratings',
          '-o',
          'jsonpath={.items[0].metadata.name}',
        )
      ).trim();
      const pod = await kubectl('describe', 'pod', podName, '-n', 'bookinfo');
      expect(pod).toMatch(/^Name:\s+ratings-v1-/m);
      expect(pod).toMatch(/^Status:\s+Running/m);
      expect(pod).toMatch(/^\s+istio-proxy:\n\s+Container ID:/m);
      expect(pod).toMatch(/Image:\s+docker\.io\/istio\/proxyv2:1\.27\.1/);
      expect(pod).toMatch(/Controlled By:\s+ReplicaSet\/ratings-v1-/);
      const deployment = await kubectl(
        'describe',
        'deployment',
        'reviews-v2',
        '-n',
        'bookinfo',
      );
      expect(deployment).toMatch(
        /Replicas:\s+1 desired \| 1 updated \| 1 total \| 1 available \| 0 unavailable/,
      );
      expect(deployment).toMatch(
        /NewReplicaSet:\s+reviews-v2-\S+ \(1\/1 replicas created\)/,
      );
      const virtualService = await kubectl(
        'describe',
        'virtualservice',
        'reviews',
        '-n',
        'bookinfo',
      );
      expect(virtualService).toMatch(/^Kind:\s+VirtualService/m);
      expect(virtualService).toMatch(
        /^API Version:\s+networking\.istio\.io\/v1/m,
      );
      expect(virtualService).toMatch(/Subset:\s+v1/);
    });

    it('answers the read-only viewer kubeconfig with 403 Forbidden for writes and Secrets', async () => {
      const viewer = [
        '--kubeconfig',
        session.sandbox().cluster('sandbox').viewerKubeconfigPath,
      ];
      const read = await session.kubectlResult(
        ...viewer,
        'get',
        'vs',
        '-n',
        'bookinfo',
        '-o',
        'name',
      );
      expect(read.stdout).toContain(
        'virtualservice.networking.istio.io/reviews',
      );
      const write = await session.kubectlResult(
        ...viewer,
        'delete',
        'vs',
        'reviews',
        '-n',
        'bookinfo',
      );
      expect(write.code).not.toBe(0);
      expect(write.stderr).toContain(
        'Error from server (Forbidden): virtualservices.networking.istio.io "reviews" is forbidden: User "system:serviceaccount:kube-system:meshport-viewer" cannot delete resource "virtualservices"',
      );
      expect(
        (await session.kubectlResult(...viewer, 'get', 'secrets', '-A')).stderr,
      ).toContain('(Forbidden)');
      expect(
        await kubectl('get', 'vs', 'reviews', '-n', 'bookinfo', '-o', 'name'),
      ).toContain('reviews');
    });

    it('injects per revision and revision tag: istio.io/rev picks the canary, and a tag applied with kubectl moves at once', async () => {
      const istiods = await kubectl(
        'get',
        'deploy',
        '-n',
        'istio-system',
        '-l',
        'app=istiod',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name}={.spec.template.spec.containers[0].image} {end}',
      );
      expect(istiods.trim().split(' ').sort()).toEqual([
        'istiod-canary=docker.io/istio/pilot:1.28.0',
        'istiod=docker.io/istio/pilot:1.27.1',
      ]);

      // What `istioctl tag set stable --revision canary` writes.
      const tag = await file(
        'tag.yaml',
        `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-revision-tag-stable
  labels: {app: sidecar-injector, istio.io/rev: canary, istio.io/tag: stable}
webhooks:
- name: rev.namespace.sidecar-injector.istio.io
  clientConfig: {service: {name: istiod-canary, namespace: istio-system, path: /inject, port: 443}}
  namespaceSelector:
    matchExpressions:
    - {key: istio.io/rev, operator: In, values: [stable]}
    - {key: istio-injection, operator: DoesNotExist}
  rules: [{operations: [CREATE], apiGroups: [''], apiVersions: [v1], resources: [pods]}]
  sideEffects: None
  admissionReviewVersions: [v1]
`,
      );
      expect(await kubectl('apply', '-f', tag)).toContain(
        'mutatingwebhookconfiguration.admissionregistration.k8s.io/istio-revision-tag-stable created',
      );
      // (kubectl's generator commands, `create namespace|deployment` and `run`, send protobuf, which
      // the sandbox does not speak: manifests go through `apply -f`, as JSON.)
      await kubectl(
        'apply',
        '-f',
        await file(
          'shop.yaml',
          'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
        ),
      );
      await kubectl('label', 'namespace', 'shop', 'istio.io/rev=stable');
      const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec: {containers: [{name: cart, image: registry.example.com/cart:1}]}
`;
      await kubectl('apply', '-f', await file('cart.yaml', deployment));
      const proxy = await waitFor(async () => {
        const text = await kubectl(
          'get',
          'pods',
          '-n',
          'shop',
          '-o',
          'jsonpath={range .items[*].spec.containers[?(@.name=="istio-proxy")]}{.image}{end}',
        );
        return text || undefined;
      }, 'an injected cart pod');
      expect(proxy).toBe('docker.io/istio/proxyv2:1.28.0');
      expect(
        await kubectl(
          'get',
          'pods',
          '-n',
          'shop',
          '-o',
          'jsonpath={.items[0].metadata.annotations.istio\\.io/rev}',
        ),
      ).toBe('canary');

      // A tag pointing at a revision with no istiod: the webhook call fails and so does the pod.
      await kubectl(
        'delete',
        'mutatingwebhookconfiguration',
        'istio-revision-tag-stable',
      );
      await file(
        'tag.yaml',
        (await import('node:fs'))
          .readFileSync(tag, 'utf8')
          .replace(/canary/g, 'gone'),
      );
      await kubectl('apply', '-f', tag);
      const probe = await file(
        'probe.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: shop}\nspec: {containers: [{name: probe, image: registry.example.com/probe:1}]}\n',
      );
      const failed = await session.kubectlResult('apply', '-f', probe);
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain(
        'failed calling webhook "rev.namespace.sidecar-injector.istio.io"',
      );
      expect(failed.stderr).toContain('service "istiod-gone" not found');
    });
  },
);
