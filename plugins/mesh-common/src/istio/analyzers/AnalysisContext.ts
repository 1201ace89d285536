import { KubeObject, Pod, Workload } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { Finding, FindingLevel } from '../validation/finding';
import { Code, CODES } from './codes';

/** A pod, or the pod template of a controller: what a selector can select. */
export interface WorkloadInstance {
  object: KubeObject;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount?: string;
  /** Set for Pods (not templates): a running instance. */
  pod?: Pod;
}

const CONTROLLERS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
];

export interface AnalyzeOptions {
  /** Skip schema and field validation (IST0106 and friends); analyzers only. */
  skipValidation?: boolean;
  /** Run only these analyzers (by name); all when unset. */
  only?: string[];
  /**
   * Namespaces that exist even if no Namespace object says so (e.g. the CLI's `default`).
   * References to namespaces are checked only when the input holds Namespace objects at all.
   */
  extraNamespaces?: string[];
  /** meshConfig.trustDomain, for reading principals (`<trust domain>/ns/<ns>/sa/<sa>`); the index's when unset. */
  trustDomain?: string;
}

/**
 * What one analysis run shares: the index, memoised facts about the input (which kinds it has,
 * which namespaces exist) and the findings collected so far.
 */
export class AnalysisContext {
  readonly findings: Finding[] = [];
  private readonly kindCounts = new Map<string, number>();
  private namespaceSet?: Set<string>;
  /** namespace → `key=value` (or '' for all) → pod templates carrying that label. */
  private templatesByNs?: Map<string, Map<string, WorkloadInstance[]>>;
  private labelKeys?: Set<string>;
  private readonly podInstances = new WeakMap<Pod, WorkloadInstance>();

  constructor(
    readonly index: MeshIndex,
    readonly options: AnalyzeOptions = {},
  ) {}

  report(
    code: Code,
    object: KubeObject,
    path: string,
    message: string,
    level?: FindingLevel,
  ): void {
    this.findings.push({
      code,
      level: level ?? CODES[code].level,
      message,
      resource: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace: object.metadata.namespace ?? 'default',
        name: object.metadata.name,
      },
      path,
    });
  }

  /**
   * Whether the input holds any object of a kind. Analyzers that would report "missing X" only
   * do so when X objects were given at all: analysing a folder of VirtualServices alone must
   * not call every Secret or pod missing.
   */
  has(kind: string): boolean {
    let n = this.kindCounts.get(kind);
    if (n === undefined) {
      n = this.index.all(kind).length;
      this.kindCounts.set(kind, n);
    }
    return n > 0;
  }

  /** Whether the input describes workloads at all (pods or controllers with pod templates). */
  knowsWorkloads(): boolean {
    return this.has('Pod') || CONTROLLERS.some(k => this.has(k));
  }

  /**
   * Pods and controller pod templates in a namespace (all namespaces when undefined) whose labels
   * include every pair of the selector. Manifests usually hold Deployments rather than Pods, so
   * templates count as workloads; pods come from the index's label index.
   */
  workloads(
    namespace: string | undefined,
    selector: Record<string, string> | undefined,
  ): WorkloadInstance[] {
    const out: WorkloadInstance[] = this.index
      .podsMatching(namespace, selector)
      .map(pod => this.instanceOf(pod));
    const pairs = Object.entries(selector ?? {});
    const namespaces =
      namespace === undefined ? [...this.templates().keys()] : [namespace];
    for (const ns of namespaces) {
      const byLabel = this.templates().get(ns);
      if (!byLabel) continue;
      // Start from the rarest label pair, as the index does for pods; no pairs means all.
      let pool = byLabel.get('') ?? [];
      for (const [k, v] of pairs) {
        const list = byLabel.get(`${k}=${v}`) ?? [];
        if (list.length < pool.length || pool === byLabel.get('')) pool = list;
        if (list.length === 0) break;
      }
      for (const t of pool)
        if (pairs.every(([k, v]) => t.labels[k] === v)) out.push(t);
    }
    return out;
  }

  /** One WorkloadInstance per pod for the whole run: analyzers ask about the same pods many times. */
  private instanceOf(pod: Pod): WorkloadInstance {
    let w = this.podInstances.get(pod);
    if (!w) {
      w = {
        object: pod,
        namespace: pod.metadata.namespace ?? 'default',
        labels: pod.metadata.labels ?? {},
        serviceAccount: pod.spec?.serviceAccountName,
        pod,
      };
      this.podInstances.set(pod, w);
    }
    return w;
  }

  private templates(): Map<string, Map<string, WorkloadInstance[]>> {
    if (!this.templatesByNs) {
      const byNs = new Map<string, Map<string, WorkloadInstance[]>>();
      const add = (
        m: Map<string, WorkloadInstance[]>,
        k: string,
        w: WorkloadInstance,
      ) => {
        const list = m.get(k);
        if (list) list.push(w);
        else m.set(k, [w]);
      };
      for (const kind of CONTROLLERS) {
        for (const w of this.index.all<Workload>(kind)) {
          const ns = w.metadata.namespace ?? 'default';
          const t = w.spec?.template;
          const inst: WorkloadInstance = {
            object: w,
            namespace: ns,
            labels: t?.metadata?.labels ?? {},
            serviceAccount: t?.spec?.serviceAccountName,
          };
          let m = byNs.get(ns);
          if (!m) byNs.set(ns, (m = new Map()));
          add(m, '', inst);
          for (const [k, v] of Object.entries(inst.labels))
            add(m, `${k}=${v}`, inst);
        }
      }
      this.templatesByNs = byNs;
    }
    return this.templatesByNs;
  }

  /** Every label key any pod or pod template carries (e.g. to tell whether gateway pods were given). */
  workloadLabelKeys(): Set<string> {
    if (!this.labelKeys) {
      this.labelKeys = new Set();
      for (const w of this.workloads(undefined, {}))
        for (const k of Object.keys(w.labels)) this.labelKeys.add(k);
    }
    return this.labelKeys;
  }

  /** Namespaces known to exist: Namespace objects plus namespaces any given object lives in. */
  namespaceExists(name: string): boolean {
    if (!this.namespaceSet) {
      this.namespaceSet = new Set([
        ...this.index.all('Namespace').map(n => n.metadata.name),
        ...(this.options.extraNamespaces ?? []),
      ]);
    }
    return this.namespaceSet.has(name);
  }
}
