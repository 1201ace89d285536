import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../testCli';

const B = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/istio-samples/bookinfo',
);
let dir: string;
let policy: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-can-i-'));
  policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(
    policy,
    `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: reviews-viewer}
spec:
  selector: {matchLabels: {app: reviews}}
  action: ALLOW
  rules:
  - from: [{source: {principals: [cluster.local/ns/default/sa/bookinfo-productpage]}}]
    to: [{operation: {methods: [GET]}}]
`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('meshport can-i', () => {
  it('allows the principal the policy names, by service account or workload', async () => {
    const bySa = await cli(
      'can-i',
      '--from',
      'default/bookinfo-productpage',
      '--to',
      'default/reviews-v1',
      '--method',
      'GET',
      '--format',
      'json',
      `${B}/platform/kube/bookinfo.yaml`,
      policy,
    );
    expect(bySa.code).toBe(0);
    expect(JSON.parse(bySa.stdout)).toMatchObject({
      allowed: true,
      action: 'ALLOW',
      policy: { namespace: 'default', name: 'reviews-viewer' },
      ruleIndex: 0,
    });
    const byWorkload = await cli(
      'can-i',
      '--from',
      'default/productpage-v1',
      '--to',
      'default/reviews',
      '--method',
      'GET',
      `${B}/platform/kube/bookinfo.yaml`,
      policy,
    );
    expect(byWorkload.code).toBe(0);
    expect(byWorkload.stdout).toContain('yes: allowed');
  });

  it('denies other callers and methods, exit 1', async () => {
    const other = await cli(
      'can-i',
      '--from',
      'default/bookinfo-ratings',
      '--to',
      'default/reviews-v1',
      '--method',
      'GET',
      '--format',
      'json',
      `${B}/platform/kube/bookinfo.yaml`,
      policy,
    );
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({
      allowed: false,
      policy: null,
      ruleIndex: null,
    });
    const post = await cli(
      'can-i',
      '--from',
      'default/bookinfo-productpage',
      '--to',
      'default/reviews-v1',
      '--method',
      'POST',
      `${B}/platform/kube/bookinfo.yaml`,
      policy,
    );
    expect(post.code).toBe(1);
    expect(post.stdout).toContain('no: denied (403)');
  });

  it('requires --from and --to, and a --to that exists', async () => {
    expect(
      (await cli('can-i', '--to', 'default/reviews-v1', policy)).code,
    ).toBe(2);
    expect(
      await cli('can-i', '--from', 'a/b', '--to', 'default/nothing', policy),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing') });
  });
});
