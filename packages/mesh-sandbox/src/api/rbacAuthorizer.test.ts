import { KubeObject } from '../store/types';
import { bootstrapRbac } from '../sandbox/bootstrapRbac';
import {
  clusterRoleRules,
  rbacAllows,
  resourceMatches,
  resourceNameMatches,
  ResourceAttributes,
  ruleAllows,
  staticPolicySource,
  subjectMatches,
  UserInfo,
} from './rbacAuthorizer';

const RBAC = 'rbac.authorization.k8s.io/v1';
const bob: UserInfo = {
  name: 'user:default/bob',
  groups: ['group:default/team-bookinfo', 'system:authenticated'],
};
const patchVs = (namespace: string, name = 'reviews'): ResourceAttributes => ({
  verb: 'patch',
  apiGroup: 'networking.istio.io',
  resource: 'virtualservices',
  name,
  namespace,
});

function roleBinding(
  namespace: string,
  role: { kind: string; name: string },
  subjects: Array<Record<string, string>>,
  name = 'b',
): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects,
  };
}

describe('rule matching', () => {
  it('matches verbs, groups and resources with * wildcards', () => {
    const rule = {
      verbs: ['get', 'patch'],
      apiGroups: ['networking.istio.io'],
      resources: ['virtualservices'],
    };
    expect(ruleAllows(rule, patchVs('bookinfo'))).toBe(true);
    expect(ruleAllows(rule, { ...patchVs('bookinfo'), verb: 'delete' })).toBe(
      false,
    );
    expect(
      ruleAllows(rule, {
        ...patchVs('bookinfo'),
        apiGroup: 'security.istio.io',
      }),
    ).toBe(false);
    expect(
      ruleAllows(
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        patchVs('x'),
      ),
    ).toBe(true);
  });

  it('treats subresources as their own resources, with */sub for all of them', () => {
    expect(
      resourceMatches({ resources: ['deployments'] }, 'deployments', 'scale'),
    ).toBe(false);
    expect(
      resourceMatches(
        { resources: ['deployments/scale'] },
        'deployments',
        'scale',
      ),
    ).toBe(true);
    expect(
      resourceMatches({ resources: ['*/scale'] }, 'statefulsets', 'scale'),
    ).toBe(true);
    expect(resourceMatches({ resources: ['*/scale'] }, 'statefulsets')).toBe(
      false,
    );
    expect(resourceMatches({ resources: ['*'] }, 'pods', 'log')).toBe(true);
  });

  it('limits to resourceNames, which never cover a create or a list', () => {
    expect(resourceNameMatches({ resourceNames: ['reviews'] }, 'reviews')).toBe(
      true,
    );
    expect(resourceNameMatches({ resourceNames: ['reviews'] }, 'ratings')).toBe(
      false,
    );
    expect(resourceNameMatches({ resourceNames: ['reviews'] }, undefined)).toBe(
      false,
    );
    expect(resourceNameMatches({}, undefined)).toBe(true);
  });

  it('matches User and Group subjects by name, ServiceAccounts by their user name', () => {
    expect(
      subjectMatches({ kind: 'User', name: 'user:default/bob' }, bob),
    ).toBe(true);
    expect(
      subjectMatches(
        { kind: 'User', name: 'group:default/team-bookinfo' },
        bob,
      ),
    ).toBe(false);
    expect(
      subjectMatches(
        { kind: 'Group', name: 'group:default/team-bookinfo' },
        bob,
      ),
    ).toBe(true);
    const sa = { name: 'system:serviceaccount:bookinfo:deployer', groups: [] };
    expect(
      subjectMatches(
        { kind: 'ServiceAccount', name: 'deployer' },
        sa,
        'bookinfo',
      ),
    ).toBe(true);
    expect(
      subjectMatches(
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'other' },
        sa,
        'bookinfo',
      ),
    ).toBe(false);
  });
});

describe('rbacAllows', () => {
  const defaults = bootstrapRbac();

  it("grants edit in the RoleBinding's namespace only, when the binding references the ClusterRole", () => {
    const policy = staticPolicySource([
      ...defaults,
      roleBinding('bookinfo', { kind: 'ClusterRole', name: 'edit' }, [
        { kind: 'User', name: 'user:default/bob' },
      ]),
    ]);
    expect(rbacAllows(policy, bob, patchVs('bookinfo'))).toBe(true);
    expect(
      rbacAllows(policy, bob, {
        ...patchVs('bookinfo'),
        verb: 'create',
        name: undefined,
      }),
    ).toBe(true);
    expect(rbacAllows(policy, bob, patchVs('istio-system'))).toBe(false);
    // Across all namespaces is cluster scope: a RoleBinding never grants it.
    expect(
      rbacAllows(policy, bob, {
        verb: 'list',
        apiGroup: 'networking.istio.io',
        resource: 'virtualservices',
      }),
    ).toBe(false);
    // edit has no RBAC rights: it cannot hand out more.
    expect(
      rbacAllows(policy, bob, {
        verb: 'create',
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        namespace: 'bookinfo',
      }),
    ).toBe(false);
  });

  it('grants through a Group subject', () => {
    const policy = staticPolicySource([
      ...defaults,
      roleBinding('bookinfo', { kind: 'ClusterRole', name: 'view' }, [
        { kind: 'Group', name: 'group:default/team-bookinfo' },
      ]),
    ]);
    expect(
      rbacAllows(policy, bob, {
        verb: 'get',
        apiGroup: 'networking.istio.io',
        resource: 'virtualservices',
        name: 'reviews',
        namespace: 'bookinfo',
      }),
    ).toBe(true);
    expect(rbacAllows(policy, bob, patchVs('bookinfo'))).toBe(false);
    expect(
      rbacAllows(policy, bob, {
        verb: 'get',
        apiGroup: '',
        resource: 'secrets',
        name: 's',
        namespace: 'bookinfo',
      }),
    ).toBe(false);
    expect(
      rbacAllows(
        policy,
        { name: 'alice', groups: ['system:authenticated'] },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods',
          name: 'p',
          namespace: 'bookinfo',
        },
      ),
    ).toBe(false);
  });

  it("evaluates Roles in the binding's namespace, and ClusterRoleBindings everywhere", () => {
    const role: KubeObject = {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'vs-reviews', namespace: 'bookinfo' },
      rules: [
        {
          apiGroups: ['networking.istio.io'],
          resources: ['virtualservices'],
          resourceNames: ['reviews'],
          verbs: ['get', 'patch'],
        },
      ],
    };
    const policy = staticPolicySource([
      ...defaults,
      role,
      roleBinding('bookinfo', { kind: 'Role', name: 'vs-reviews' }, [
        { kind: 'User', name: 'user:default/bob' },
      ]),
    ]);
    expect(rbacAllows(policy, bob, patchVs('bookinfo'))).toBe(true);
    expect(rbacAllows(policy, bob, patchVs('bookinfo', 'ratings'))).toBe(false);
    // A RoleBinding naming a Role that does not exist grants nothing.
    const dangling = staticPolicySource([
      roleBinding('other', { kind: 'Role', name: 'vs-reviews' }, [
        { kind: 'User', name: 'user:default/bob' },
      ]),
    ]);
    expect(rbacAllows(dangling, bob, patchVs('other'))).toBe(false);
    const cluster = staticPolicySource([
      ...defaults,
      {
        apiVersion: RBAC,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'mesh-admins' },
        roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'Group', name: 'group:default/team-bookinfo' }],
      },
    ]);
    expect(rbacAllows(cluster, bob, patchVs('istio-system'))).toBe(true);
    expect(
      rbacAllows(cluster, bob, {
        verb: 'delete',
        apiGroup: '',
        resource: 'nodes',
        name: 'n1',
      }),
    ).toBe(true);
  });

  it('aggregates ClusterRoles by label, including roles added later', () => {
    const widgets: KubeObject = {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: {
        name: 'widgets-edit',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
      },
      rules: [
        { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['*'] },
      ],
    };
    const policy = staticPolicySource([...defaults, widgets]);
    const rulesOf = (name: string) =>
      clusterRoleRules(policy.clusterRole(name), policy);
    const covers = (name: string, attributes: ResourceAttributes) =>
      rulesOf(name).some(rule => ruleAllows(rule, attributes));
    const widget = {
      verb: 'update',
      apiGroup: 'example.com',
      resource: 'widgets',
      name: 'w',
      namespace: 'n',
    };
    expect(covers('edit', widget)).toBe(true);
    expect(covers('admin', widget)).toBe(true);
    expect(covers('view', widget)).toBe(false);
    // The bootstrap roles: Istio and Gateway API writes in edit and admin, reads in view.
    for (const group of [
      'networking.istio.io',
      'security.istio.io',
      'telemetry.istio.io',
      'extensions.istio.io',
      'gateway.networking.k8s.io',
    ]) {
      expect(
        covers('edit', {
          verb: 'patch',
          apiGroup: group,
          resource: 'anything',
          name: 'x',
          namespace: 'n',
        }),
      ).toBe(true);
      expect(
        covers('admin', {
          verb: 'delete',
          apiGroup: group,
          resource: 'anything',
          name: 'x',
          namespace: 'n',
        }),
      ).toBe(true);
      expect(
        covers('view', {
          verb: 'watch',
          apiGroup: group,
          resource: 'anything',
          namespace: 'n',
        }),
      ).toBe(true);
      expect(
        covers('view', {
          verb: 'patch',
          apiGroup: group,
          resource: 'anything',
          name: 'x',
          namespace: 'n',
        }),
      ).toBe(false);
    }
    expect(
      covers('admin', {
        verb: 'create',
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        namespace: 'n',
      }),
    ).toBe(true);
    expect(
      covers('edit', {
        verb: 'create',
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        namespace: 'n',
      }),
    ).toBe(false);
    // What the aggregation controller would have written is stored with the bootstrap roles.
    const storedEdit = defaults.find(
      o => o.kind === 'ClusterRole' && o.metadata.name === 'edit',
    )!;
    expect((storedEdit.rules as unknown[]).length).toBeGreaterThan(10);
  });
});
