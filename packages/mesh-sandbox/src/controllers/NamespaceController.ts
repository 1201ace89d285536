import { ApiError } from '../api/ApiError';
import { storageKey } from '../registry/types';
import { StoreEvent } from '../store/types';
import { Controller, ControllerContext } from './Controller';
import { splitKey } from './objectRefs';

const NAMESPACES = '/namespaces';
const WORKLOADS_FIRST = [
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'apps/replicasets',
];

/**
 * What kube-controller-manager does per namespace: a `default` ServiceAccount and the
 * `kube-root-ca.crt` ConfigMap in every namespace, and emptying a Terminating namespace
 * before its `kubernetes` finalizer is removed (which completes the deletion).
 */
export class NamespaceController extends Controller {
  constructor(
    context: ControllerContext,
    private readonly caPem: string | undefined,
  ) {
    super(context, 'namespace-controller');
  }

  protected resync(): void {
    this.client
      .list(NAMESPACES)
      .forEach(ns => this.queue.add(`/${ns.metadata.name}`));
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource === NAMESPACES && event.type !== 'DELETED') {
      this.queue.add(`/${event.object.metadata.name}`);
    }
  }

  protected reconcile(key: string): void {
    const { name } = splitKey(key);
    const namespace = this.client.get(NAMESPACES, undefined, name);
    if (!namespace) return;
    if (namespace.metadata.deletionTimestamp) {
      this.empty(name);
      this.client.finalizeNamespace(
        this.client.get(NAMESPACES, undefined, name)!,
      );
      return;
    }
    if (!this.client.get('/serviceaccounts', name, 'default')) {
      this.client.create('/serviceaccounts', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: name },
      });
    }
    if (
      this.caPem &&
      !this.client.get('/configmaps', name, 'kube-root-ca.crt')
    ) {
      this.client.create('/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kube-root-ca.crt',
          namespace: name,
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: { 'ca.crt': this.caPem },
      });
    }
  }

  private empty(namespace: string): void {
    const namespaced = this.client.registry
      .all()
      .filter(type => type.namespaced)
      .map(storageKey);
    // Workloads go first, so their controllers stop replacing the pods being removed.
    const order = [
      ...WORKLOADS_FIRST,
      ...namespaced.filter(key => !WORKLOADS_FIRST.includes(key)),
    ];
    for (const resource of order) {
      for (const object of this.client.list(resource, namespace)) {
        try {
          this.client.delete(resource, namespace, object.metadata.name!);
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 404)) throw error;
        }
      }
    }
  }
}
