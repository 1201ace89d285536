/**
 * The subset of Kubernetes object shapes Meshport reads. Kept here (not imported from
 * @kubernetes/client-node) so that mesh-common stays isomorphic and dependency-free:
 * the browser, the CLI and the backend all share these.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** Any Kubernetes object; `spec` and `status` are kind-specific. */
export interface KubeObject<Spec = unknown, Status = unknown> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Container {
  name: string;
  image?: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  serviceAccountName?: string;
  /** Host-network pods share the node's network namespace; Istio never injects them. */
  hostNetwork?: boolean;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount?: number;
  image?: string;
}

export interface PodStatus {
  phase?: string;
  podIP?: string;
  conditions?: Array<{ type: string; status: string }>;
  containerStatuses?: ContainerStatus[];
}

export type Pod = KubeObject<PodSpec, PodStatus>;
export type Namespace = KubeObject<unknown, { phase?: string }>;

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export type Service = KubeObject<
  {
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    type?: string;
  },
  unknown
>;

export interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: { metadata?: Partial<ObjectMeta>; spec?: PodSpec };
}

export interface WorkloadStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  updatedReplicas?: number;
  observedGeneration?: number;
}

export type Workload = KubeObject<WorkloadSpec, WorkloadStatus>;
