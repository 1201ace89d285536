import { cloneJson } from '../util/cloneJson';
import { ApiError, StatusCause } from '../api/ApiError';
import { decideInjection } from '../istio/injectionDecision';
import { injectorSetupFrom, WEBHOOK_CONFIGS } from '../istio/injectorSetup';
import { injectSidecar } from '../istio/injectSidecar';
import { crdToResourceType } from '../registry/crdToResourceType';
import {
  pruneUnknownFields,
  validateAgainstSchema,
} from '../registry/schemaValidation';
import { ResourceType, storageKey } from '../registry/types';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { IntegerPool } from '../util/IntegerPool';
import { ipv4ToNumber, isIpv4, numberToIpv4 } from '../util/ipv4';
import { applyDefaults } from './applyDefaults';
import { validateImmutable, validateObject } from './validateObject';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE';
  type: ResourceType;
  /** The candidate object; admission returns a (possibly) mutated copy. */
  object: KubeObject;
  previous?: KubeObject;
  fieldValidation: FieldValidation;
}

export interface IstioSettings {
  /** The proxy version when a revision's istiod has no readable image tag. */
  version: string;
  /** ISTIO_META_CLUSTER_ID for injected proxies. */
  clusterId: string;
  trustDomain: string;
}

type Obj = Record<string, unknown>;

/**
 * The admission chain of the simulated apiserver: namespace lifecycle, defaulting,
 * allocation, the Istio sidecar-injector webhook, then validation.
 */
export class Admission {
  /** The service CIDR 10.96.0.0/12; .1 is the `kubernetes` Service. */
  private readonly clusterIps = new IntegerPool(
    ipv4ToNumber('10.96.0.10'),
    ipv4ToNumber('10.111.255.254'),
  );
  private readonly nodePorts = new IntegerPool(30000, 32767);

  constructor(
    private readonly store: ObjectStore,
    private readonly istio: IstioSettings,
  ) {
    this.clusterIps.reserve(ipv4ToNumber('10.96.0.1'));
  }

  admit(request: AdmissionRequest): { object: KubeObject; warnings: string[] } {
    const resource = storageKey(request.type);
    let object = cloneJson(request.object);
    const warnings: string[] = [];

    if (request.operation === 'CREATE' && request.type.namespaced) {
      this.checkNamespaceOpen(object.metadata.namespace ?? '');
    }
    if (!request.type.custom) {
      applyDefaults(resource, object);
    }
    if (resource === '/services') {
      this.allocateServiceAddresses(object, request.previous);
    }
    if (resource === '/pods' && request.operation === 'CREATE') {
      object = this.maybeInject(object);
      // What a webhook adds is defaulted too, as the apiserver decodes webhook patches with defaulting.
      applyDefaults(resource, object);
    }

    const causes: StatusCause[] = [];
    if (request.type.custom) {
      object = this.checkCustomResource(request, object, causes, warnings);
    } else {
      causes.push(...validateObject(resource, object));
    }
    if (resource === 'apiextensions.k8s.io/customresourcedefinitions') {
      causes.push(
        ...crdToResourceType(object).problems.map(problem => ({
          reason: 'FieldValueInvalid',
          message: problem,
        })),
      );
    }
    if (request.previous) {
      causes.push(...validateImmutable(resource, request.previous, object));
    }
    if (causes.length > 0) {
      throw ApiError.invalid(request.type, object.metadata.name ?? '', causes);
    }
    return { object, warnings };
  }

  /** Frees what a deleted object held, so addresses can be reused. */
  release(type: ResourceType, object: KubeObject): void {
    if (storageKey(type) === '/services') {
      const spec = (object.spec ?? {}) as Obj;
      if (isIpv4(spec.clusterIP))
        this.clusterIps.release(ipv4ToNumber(spec.clusterIP));
      for (const port of (Array.isArray(spec.ports)
        ? spec.ports
        : []) as Obj[]) {
        if (typeof port.nodePort === 'number')
          this.nodePorts.release(port.nodePort);
      }
    }
  }

  private checkNamespaceOpen(namespace: string): void {
    const found = this.store.get('/namespaces', undefined, namespace);
    if (!found) {
      throw ApiError.notFound({ group: '', plural: 'namespaces' }, namespace);
    }
    if (found.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private allocateServiceAddresses(
    service: KubeObject,
    previous: KubeObject | undefined,
  ): void {
    const spec = (service.spec ?? {}) as Obj;
    const before = (previous?.spec ?? {}) as Obj;
    if (spec.type === 'ExternalName') {
      return;
    }
    // Cluster IPs are immutable: an update that omits them keeps the allocated ones.
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      if (typeof before.clusterIP === 'string' && before.clusterIP !== '') {
        spec.clusterIP = before.clusterIP;
      } else {
        spec.clusterIP = numberToIpv4(this.clusterIps.allocate());
      }
    } else if (isIpv4(spec.clusterIP) && !previous) {
      this.clusterIps.reserve(ipv4ToNumber(spec.clusterIP));
    }
    spec.clusterIPs = [spec.clusterIP];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      const oldPorts = (
        Array.isArray(before.ports) ? before.ports : []
      ) as Obj[];
      for (const port of (Array.isArray(spec.ports)
        ? spec.ports
        : []) as Obj[]) {
        if (port.nodePort === undefined) {
          const kept = oldPorts.find(
            p => p.port === port.port && p.protocol === port.protocol,
          )?.nodePort;
          port.nodePort = kept ?? this.nodePorts.allocate();
        }
      }
    }
  }

  private maybeInject(pod: KubeObject): KubeObject {
    const namespace = pod.metadata.namespace ?? '';
    const nsObject = this.store.get('/namespaces', undefined, namespace);
    // The installed injectors are read live, so `istioctl tag set` (a webhook configuration) acts at once.
    const decision = decideInjection(
      injectorSetupFrom(this.store.peekWhere(WEBHOOK_CONFIGS, undefined)),
      {
        namespace,
        namespaceLabels: nsObject?.metadata.labels,
        podLabels: pod.metadata.labels,
        podAnnotations: pod.metadata.annotations,
        hostNetwork: ((pod.spec ?? {}) as Obj).hostNetwork === true,
      },
    );
    if (!decision.inject || !decision.revision) {
      return pod;
    }
    return injectSidecar(pod, {
      revision: decision.revision,
      istioVersion: this.revisionVersion(decision.revision, decision.reason),
      clusterId: this.istio.clusterId,
      trustDomain: this.istio.trustDomain,
    });
  }

  /**
   * The Istio version of a revision's control plane, from its istiod Deployment's image. When the
   * webhook's service is missing the call fails, and with failurePolicy Fail so does the pod's creation.
   */
  private revisionVersion(revision: string, webhook: string): string {
    const name = revision === 'default' ? 'istiod' : `istiod-${revision}`;
    if (!this.store.peek('/services', 'istio-system', name)) {
      const hook = webhook.split(' ')[0];
      throw ApiError.internal(
        `failed calling webhook "${hook}": failed to call webhook: Post "https://${name}.istio-system.svc:443/inject?timeout=10s": service "${name}" not found`,
      );
    }
    const containers = (
      (
        this.store.peek('apps/deployments', 'istio-system', name)?.spec as
          Obj | undefined
      )?.template as
        { spec?: { containers?: Array<{ image?: string }> } } | undefined
    )?.spec?.containers;
    const tag = containers?.[0]?.image?.split(':').pop();
    return tag && /^\d+\.\d+/.test(tag) ? tag : this.istio.version;
  }

  /** Prunes unknown fields (reporting them per fieldValidation) and validates against the CRD schema. */
  private checkCustomResource(
    request: AdmissionRequest,
    object: KubeObject,
    causes: StatusCause[],
    warnings: string[],
  ): KubeObject {
    const version =
      (object.apiVersion ?? '').split('/').pop() ?? request.type.storageVersion;
    const schema = request.type.schemas[version];
    const pruned = pruneUnknownFields(object, schema);
    if (
      pruned.unknownFields.length > 0 &&
      request.fieldValidation === 'Strict'
    ) {
      throw ApiError.badRequest(
        `strict decoding error: ${pruned.unknownFields.map(field => `unknown field "${field}"`).join(', ')}`,
      );
    }
    if (request.fieldValidation === 'Warn') {
      warnings.push(
        ...pruned.unknownFields.map(field => `unknown field "${field}"`),
      );
    }
    const result = pruned.value as KubeObject;
    const nameProblem = validateObject('', { metadata: result.metadata });
    causes.push(...nameProblem);
    // metadata is validated as ObjectMeta above, not against the schema.
    const { metadata: _metadata, ...rest } = result;
    causes.push(
      ...validateAgainstSchema(
        rest,
        schema
          ? { ...schema, properties: { ...schema.properties, metadata: {} } }
          : undefined,
      ).map(problem => ({
        reason: problem.reason,
        field: problem.field,
        message: problem.message,
      })),
    );
    return result;
  }
}
