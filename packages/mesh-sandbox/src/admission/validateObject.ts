import { StatusCause } from '../api/ApiError';
import {
  isValidLabelKey,
  isValidLabelValue,
  labelSelectorFromSpec,
  matchesLabels,
} from '../store/labelSelector';
import { KubeObject } from '../store/types';
import { deepEqual } from '../util/deepEqual';

/** Built-in validation the apiserver does before storing an object; returns the failures as Status causes. */

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be DNS labels rather than subdomains. */
const NAME_RULES: Record<string, 'label' | 'label1035' | 'path'> = {
  '/namespaces': 'label',
  '/services': 'label1035',
  // RBAC names only need to be usable in a URL path: `system:aggregate-to-edit` is a real ClusterRole.
  'rbac.authorization.k8s.io/roles': 'path',
  'rbac.authorization.k8s.io/clusterroles': 'path',
  'rbac.authorization.k8s.io/rolebindings': 'path',
  'rbac.authorization.k8s.io/clusterrolebindings': 'path',
};

export function validateName(
  resource: string,
  name: string,
): string | undefined {
  const rule = NAME_RULES[resource];
  if (rule === 'path') {
    if (name === '.' || name === '..')
      return `Invalid value: "${name}": may not be '${name}'`;
    const bad = ['/', '%'].find(c => name.includes(c));
    if (bad) return `Invalid value: "${name}": may not contain '${bad}'`;
    return name === ''
      ? 'Required value: name or generateName is required'
      : undefined;
  }
  if (rule === 'label1035') {
    return name.length <= 63 && DNS1035_LABEL.test(name)
      ? undefined
      : `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;
  }
  if (rule === 'label') {
    return name.length <= 63 && DNS1123_LABEL.test(name)
      ? undefined
      : `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
  }
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
}

function validateMeta(
  resource: string,
  object: KubeObject,
  causes: StatusCause[],
): void {
  const name = object.metadata.name ?? '';
  const nameProblem = validateName(resource, name);
  if (nameProblem) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: nameProblem,
    });
  }
  for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
    if (!isValidLabelKey(key)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    } else if (typeof value !== 'string' || !isValidLabelValue(value)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    }
  }
  for (const [key, value] of Object.entries(
    object.metadata.annotations ?? {},
  )) {
    if (!isValidLabelKey(key)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'metadata.annotations',
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    } else if (typeof value !== 'string') {
      causes.push({
        reason: 'FieldValueTypeInvalid',
        field: `metadata.annotations.${key}`,
        message: 'Invalid value: annotation values must be strings',
      });
    }
  }
}

type Obj = Record<string, unknown>;

function validateContainers(
  spec: Obj | undefined,
  path: string,
  causes: StatusCause[],
): void {
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({
      reason: 'FieldValueRequired',
      field: `${path}.containers`,
      message: 'Required value',
    });
    return;
  }
  const seen = new Set<string>();
  containers.forEach((container: Obj, i) => {
    if (typeof container.name !== 'string' || container.name === '') {
      causes.push({
        reason: 'FieldValueRequired',
        field: `${path}.containers[${i}].name`,
        message: 'Required value',
      });
    } else if (seen.has(container.name)) {
      causes.push({
        reason: 'FieldValueDuplicate',
        field: `${path}.containers[${i}].name`,
        message: `Duplicate value: "${container.name}"`,
      });
    } else {
      seen.add(container.name);
    }
    if (typeof container.image !== 'string' || container.image === '') {
      causes.push({
        reason: 'FieldValueRequired',
        field: `${path}.containers[${i}].image`,
        message: 'Required value',
      });
    }
  });
}

function validateWorkload(object: KubeObject, causes: StatusCause[]): void {
  const spec = (object.spec ?? {}) as Obj;
  const selector = spec.selector as Obj | undefined;
  if (
    !selector ||
    (Object.keys((selector.matchLabels as Obj) ?? {}).length === 0 &&
      !(selector.matchExpressions as unknown[])?.length)
  ) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'spec.selector',
      message: 'Required value',
    });
  }
  const template = (spec.template ?? {}) as Obj;
  const templateLabels = ((template.metadata as Obj | undefined)?.labels ??
    {}) as Record<string, string>;
  if (selector) {
    try {
      if (!matchesLabels(labelSelectorFromSpec(selector), templateLabels)) {
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.template.metadata.labels',
          message: `Invalid value: ${JSON.stringify(templateLabels)}: \`selector\` does not match template \`labels\``,
        });
      }
    } catch (error) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.selector',
        message: `Invalid value: ${(error as Error).message}`,
      });
    }
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.replicas',
      message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`,
    });
  }
  validateContainers(
    template.spec as Obj | undefined,
    'spec.template.spec',
    causes,
  );
}

function validateService(object: KubeObject, causes: StatusCause[]): void {
  const spec = (object.spec ?? {}) as Obj;
  const ports = Array.isArray(spec.ports) ? (spec.ports as Obj[]) : [];
  if (
    spec.type !== 'ExternalName' &&
    spec.clusterIP !== 'None' &&
    ports.length === 0
  ) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'spec.ports',
      message: 'Required value',
    });
  }
  ports.forEach((port, i) => {
    if (typeof port.port !== 'number' || port.port < 1 || port.port > 65535) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: `spec.ports[${i}].port`,
        message: `Invalid value: ${JSON.stringify(port.port)}: must be between 1 and 65535, inclusive`,
      });
    }
    if (ports.length > 1 && !port.name) {
      causes.push({
        reason: 'FieldValueRequired',
        field: `spec.ports[${i}].name`,
        message: 'Required value',
      });
    }
  });
}

function validateRules(object: KubeObject, causes: StatusCause[]): void {
  const rules = object.rules;
  if (rules === undefined || rules === null) return;
  if (!Array.isArray(rules)) {
    causes.push({
      reason: 'FieldValueTypeInvalid',
      field: 'rules',
      message: 'Invalid value: must be a list',
    });
    return;
  }
  rules.forEach((rule: Obj, i) => {
    if (!Array.isArray(rule?.verbs) || rule.verbs.length === 0) {
      causes.push({
        reason: 'FieldValueRequired',
        field: `rules[${i}].verbs`,
        message: 'Required value: verbs must contain at least one value',
      });
    }
    const nonResource =
      Array.isArray(rule?.nonResourceURLs) && rule.nonResourceURLs.length > 0;
    if (
      !nonResource &&
      (!Array.isArray(rule?.resources) || rule.resources.length === 0)
    ) {
      causes.push({
        reason: 'FieldValueRequired',
        field: `rules[${i}].resources`,
        message:
          'Required value: resource rules must supply at least one resource',
      });
    }
  });
}

const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'];

/** The checks of RBAC's ValidateRoleBinding that decide whether a binding can be evaluated at all. */
function validateBinding(clusterScoped: boolean) {
  return (object: KubeObject, causes: StatusCause[]): void => {
    const roleRef = object.roleRef as Obj | undefined;
    if (!roleRef || typeof roleRef !== 'object') {
      causes.push({
        reason: 'FieldValueRequired',
        field: 'roleRef',
        message: 'Required value',
      });
    } else {
      const kinds = clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole'];
      if (!kinds.includes(roleRef.kind as string)) {
        causes.push({
          reason: 'FieldValueNotSupported',
          field: 'roleRef.kind',
          message: `Unsupported value: "${String(roleRef.kind ?? '')}": supported values: ${kinds.map(k => `"${k}"`).join(', ')}`,
        });
      }
      if (typeof roleRef.name !== 'string' || roleRef.name === '') {
        causes.push({
          reason: 'FieldValueRequired',
          field: 'roleRef.name',
          message: 'Required value',
        });
      }
    }
    const subjects = Array.isArray(object.subjects)
      ? (object.subjects as Obj[])
      : [];
    subjects.forEach((subject, i) => {
      if (!SUBJECT_KINDS.includes(subject?.kind as string)) {
        causes.push({
          reason: 'FieldValueNotSupported',
          field: `subjects[${i}].kind`,
          message: `Unsupported value: "${String(subject?.kind ?? '')}": supported values: "ServiceAccount", "User", "Group"`,
        });
      }
      if (typeof subject?.name !== 'string' || subject.name === '') {
        causes.push({
          reason: 'FieldValueRequired',
          field: `subjects[${i}].name`,
          message: 'Required value',
        });
      }
      if (
        subject?.kind === 'ServiceAccount' &&
        clusterScoped &&
        !subject.namespace
      ) {
        causes.push({
          reason: 'FieldValueRequired',
          field: `subjects[${i}].namespace`,
          message: 'Required value',
        });
      }
    });
  };
}

const KIND_RULES: Record<
  string,
  (object: KubeObject, causes: StatusCause[]) => void
> = {
  '/pods': (pod, causes) =>
    validateContainers(pod.spec as Obj | undefined, 'spec', causes),
  '/services': validateService,
  'apps/deployments': validateWorkload,
  'apps/replicasets': validateWorkload,
  'apps/statefulsets': validateWorkload,
  'apps/daemonsets': validateWorkload,
  'rbac.authorization.k8s.io/roles': validateRules,
  'rbac.authorization.k8s.io/clusterroles': validateRules,
  'rbac.authorization.k8s.io/rolebindings': validateBinding(false),
  'rbac.authorization.k8s.io/clusterrolebindings': validateBinding(true),
};

/** Validates a built-in object (custom resources are checked against their CRD schema elsewhere). */
export function validateObject(
  resource: string,
  object: KubeObject,
): StatusCause[] {
  const causes: StatusCause[] = [];
  validateMeta(resource, object, causes);
  KIND_RULES[resource]?.(object, causes);
  return causes;
}

/** Fields that may not change once set, per resource. */
export function validateImmutable(
  resource: string,
  previous: KubeObject,
  next: KubeObject,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (resource.startsWith('apps/')) {
    const before = (previous.spec as Obj | undefined)?.selector;
    const after = (next.spec as Obj | undefined)?.selector;
    if (!deepEqual(before, after)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.selector',
        message: `Invalid value: ${JSON.stringify(after)}: field is immutable`,
      });
    }
  }
  if (
    resource === 'rbac.authorization.k8s.io/rolebindings' ||
    resource === 'rbac.authorization.k8s.io/clusterrolebindings'
  ) {
    // A binding's role is fixed: to change it, delete and recreate (what `kubectl auth reconcile` does).
    if (!deepEqual(previous.roleRef, next.roleRef)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'roleRef',
        message: `Invalid value: ${JSON.stringify(next.roleRef)}: cannot change roleRef`,
      });
    }
  }
  return causes;
}
