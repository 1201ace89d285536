import { hasKubectl, useKubectlSession } from '../testUtils/kubectlSession';

jest.setTimeout(60_000);

const binding = (
  name: string,
  role: string,
  kind: string,
  subject: string,
) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: bookinfo
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: ${kind}
  name: ${subject}
`;

(hasKubectl ? describe : describe.skip)(
  'kubectl --as against the sandbox',
  () => {
    const session = useKubectlSession('kubectl --as');

    it('applies RBAC objects and is then held to them when impersonating', async () => {
      // `kubectl create rolebinding` sends protobuf, which the sandbox refuses: apply YAML instead.
      await session.kubectl(
        'apply',
        '-f',
        await session.file(
          'bob.yaml',
          binding('bob-edit', 'edit', 'User', 'user:default/bob'),
        ),
      );
      expect(
        await session.kubectl('get', 'clusterrole', 'edit', '-o', 'name'),
      ).toBe('clusterrole.rbac.authorization.k8s.io/edit\n');
      expect(
        await session.kubectl('get', 'rolebindings', '-n', 'bookinfo'),
      ).toMatch(/^NAME\s.*\nbob-edit\s/);
      const patch = [
        'patch',
        'virtualservice',
        'reviews',
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"by":"bob"}}}',
      ];
      expect(
        await session.kubectl(
          '--as=user:default/bob',
          '-n',
          'bookinfo',
          ...patch,
        ),
      ).toContain('virtualservice.networking.istio.io/reviews patched');
      const denied = await session.kubectlResult(
        '--as=user:default/bob',
        '-n',
        'istio-system',
        ...patch,
      );
      expect(denied.code).not.toBe(0);
      // kubectl patch reads the object first, so it is the get that is refused, as on a real cluster.
      expect(denied.stderr).toContain(
        'Error from server (Forbidden): virtualservices.networking.istio.io "reviews" is forbidden: User "user:default/bob" cannot get resource "virtualservices" in API group "networking.istio.io" in the namespace "istio-system"',
      );
      // --as-group sends one Impersonate-Group header per group.
      await session.kubectl(
        'apply',
        '-f',
        await session.file(
          'team.yaml',
          binding('team-view', 'view', 'Group', 'group:default/team-bookinfo'),
        ),
      );
      expect(
        await session.kubectl(
          '--as=user:default/alice',
          '--as-group=group:default/other',
          '--as-group=group:default/team-bookinfo',
          '-n',
          'bookinfo',
          'get',
          'virtualservice',
          'reviews',
          '-o',
          'name',
        ),
      ).toBe('virtualservice.networking.istio.io/reviews\n');
    });
  },
);
