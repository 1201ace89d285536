import {
  clusterRoleRules,
  PolicyRule,
  staticPolicySource,
} from '../api/rbacAuthorizer';
import { KubeObject } from '../store/types';

/**
 * The RBAC objects a cluster starts with, after Kubernetes' bootstrap policy
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): `cluster-admin`, and the user-facing
 * `admin`, `edit` and `view`, which are aggregated ClusterRoles: their rules are those of every
 * ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-<role>: "true"`. The resource lists
 * are the common part of the real ones, not every entry.
 *
 * On top, the roles a mesh installation adds so namespace editors can manage its configuration:
 * Istio's groups and the Gateway API aggregate into `edit`/`admin` (read into `view`). Meshport
 * relies on this: a user bound to `edit` in a namespace may change its VirtualServices.
 */

const RBAC_API = 'rbac.authorization.k8s.io/v1';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const MESH_GROUPS = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
  'gateway.networking.k8s.io',
  'gateway.networking.x-k8s.io',
];

const aggregateLabel = (role: string) =>
  `rbac.authorization.k8s.io/aggregate-to-${role}`;

function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: {
        'kubernetes.io/bootstrapping': 'rbac-defaults',
        ...extra.labels,
      },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    ...(extra.aggregateFrom
      ? {
          aggregationRule: {
            clusterRoleSelectors: [
              {
                matchLabels: { [aggregateLabel(extra.aggregateFrom)]: 'true' },
              },
            ],
          },
        }
      : {}),
    rules,
  };
}

function clusterRoleBinding(
  name: string,
  role: string,
  subject: Record<string, string>,
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role,
    },
    subjects: [subject],
  };
}

const VIEW_RULES: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
    verbs: READ,
  },
  {
    apiGroups: [''],
    resources: [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
    verbs: READ,
  },
  { apiGroups: [''], resources: ['namespaces'], verbs: READ },
  {
    apiGroups: ['discovery.k8s.io'],
    resources: ['endpointslices'],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
    verbs: READ,
  },
  {
    apiGroups: ['batch'],
    resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'],
    verbs: READ,
  },
  {
    apiGroups: ['policy'],
    resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
    verbs: READ,
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'ingresses/status', 'networkpolicies'],
    verbs: READ,
  },
];

const EDIT_RULES: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'pods/proxy',
      'secrets',
      'services/proxy',
    ],
    verbs: READ,
  },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'pods/proxy',
    ],
    verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
  },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    verbs: WRITE,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: WRITE,
  },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'networkpolicies'],
    verbs: WRITE,
  },
  {
    apiGroups: ['discovery.k8s.io'],
    resources: ['endpointslices'],
    verbs: WRITE,
  },
];

const ADMIN_RULES: PolicyRule[] = [
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['localsubjectaccessreviews'],
    verbs: ['create'],
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings', 'roles'],
    verbs: [...READ, ...WRITE],
  },
];

/** The default ClusterRoles and ClusterRoleBindings, with the aggregated roles' rules filled in as the controller would. */
export function bootstrapRbac(): KubeObject[] {
  const roles = [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('admin', [], { aggregateFrom: 'admin' }),
    clusterRole('edit', [], {
      aggregateFrom: 'edit',
      labels: { [aggregateLabel('admin')]: 'true' },
    }),
    clusterRole('view', [], {
      aggregateFrom: 'view',
      labels: { [aggregateLabel('edit')]: 'true' },
    }),
    clusterRole('system:aggregate-to-admin', ADMIN_RULES, {
      labels: { [aggregateLabel('admin')]: 'true' },
    }),
    clusterRole('system:aggregate-to-edit', EDIT_RULES, {
      labels: { [aggregateLabel('edit')]: 'true' },
    }),
    clusterRole('system:aggregate-to-view', VIEW_RULES, {
      labels: { [aggregateLabel('view')]: 'true' },
    }),
    clusterRole(
      'meshport-sandbox:mesh-config-edit',
      [{ apiGroups: MESH_GROUPS, resources: ['*'], verbs: WRITE }],
      {
        labels: {
          [aggregateLabel('admin')]: 'true',
          [aggregateLabel('edit')]: 'true',
        },
      },
    ),
    clusterRole(
      'meshport-sandbox:mesh-config-view',
      [{ apiGroups: MESH_GROUPS, resources: ['*'], verbs: READ }],
      { labels: { [aggregateLabel('view')]: 'true' } },
    ),
  ];
  const source = staticPolicySource(roles);
  for (const role of roles) {
    if (role.aggregationRule) role.rules = clusterRoleRules(role, source);
  }
  return [
    ...roles,
    clusterRoleBinding('cluster-admin', 'cluster-admin', {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: 'system:masters',
    }),
    // The sandbox's two tokens as a cluster operator would have bound them. The tokens themselves are
    // checked by fixed rules (ApiServer); these bindings make impersonating their service accounts
    // go through RBAC with the matching roles.
    clusterRoleBinding('meshport-admin', 'cluster-admin', {
      kind: 'ServiceAccount',
      name: 'meshport-admin',
      namespace: 'kube-system',
    }),
    clusterRoleBinding('meshport-viewer', 'view', {
      kind: 'ServiceAccount',
      name: 'meshport-viewer',
      namespace: 'kube-system',
    }),
  ];
}
