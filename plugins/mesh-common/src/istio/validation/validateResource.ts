import { KubeObject } from '../../kube/types';
import { lookupCrd, crdValidator } from './crdSchemaIndex';
import { Finding, FieldIssue } from './finding';
import { istioFieldIssues } from './istioFieldRules';

/** istioctl's code for a resource that fails schema validation (ours also covers Istio's field rules). */
export const SCHEMA_CODE = 'IST0106';
/** Meshport: an apiVersion the CRD does not serve. */
export const UNSERVED_VERSION_CODE = 'MSH0001';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function resourceOf(o: KubeObject) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.metadata?.namespace ?? 'default',
    name: o.metadata?.name ?? '',
  };
}

/**
 * Validates one object against its CRD schema (Istio and Gateway API kinds) and against Istio's
 * own field rules. Objects of other kinds (Services, Pods…) get only the metadata checks.
 */
export function validateResource(object: KubeObject): Finding[] {
  const issues: FieldIssue[] = [];
  const resource = resourceOf(object);
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name.length === 0)
    issues.push({ path: 'metadata.name', message: 'is required' });
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    issues.push({
      path: 'metadata.name',
      message: `"${name}" is not a valid name (lowercase letters, digits, '-' and '.')`,
    });
  }
  const crd = lookupCrd(object.apiVersion ?? '', object.kind ?? '');
  if (crd.knownGroup && !crd.entry && crd.servedVersions.length > 0) {
    return [
      ...issues.map(i => toFinding(i, resource)),
      {
        code: UNSERVED_VERSION_CODE,
        level: 'Error',
        message: `${object.apiVersion} does not serve kind ${object.kind}; use ${crd.servedVersions.join(' or ')}`,
        resource,
        path: 'apiVersion',
      },
    ];
  }
  if (crd.schema) {
    // The CRD schema describes spec (and status); apiVersion, kind and metadata are the API server's.
    const {
      apiVersion: _a,
      kind: _k,
      metadata: _m,
      status: _s,
      ...body
    } = object as unknown as Record<string, unknown>;
    issues.push(...crdValidator.validate(body, crd.schema, ''));
    issues.push(...istioFieldIssues(object));
  }
  return dedupe(issues).map(i => toFinding(i, resource));
}

function toFinding(i: FieldIssue, resource: Finding['resource']): Finding {
  return {
    code: i.code ?? SCHEMA_CODE,
    level: i.level ?? 'Error',
    message: `${i.path || 'resource'}: ${i.message}`,
    resource,
    path: i.path,
  };
}

/** The schema's CEL duration rules and Istio's duration rule may both fire on one field. */
function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter(i => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
