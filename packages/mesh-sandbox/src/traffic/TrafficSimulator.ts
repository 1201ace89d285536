import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { buildMeshSnapshot } from './buildMeshSnapshot';
import { CallSimulator } from './CallSimulator';
import { IstioMetrics } from './IstioMetrics';
import { OutlierTracker } from './OutlierTracker';
import { Random, seededRandom, stochasticRound } from './random';
import { CallGraph, MeshSnapshot } from './types';

export interface TrafficOptions {
  /** How often requests are generated (default 1000 ms); each tick plays the requests of the time since the last. */
  tickMs?: number;
  /** Multiplies every entry point's rate (default 1), e.g. to get many samples quickly in tests. */
  rateMultiplier?: number;
  /** Fixes the random sequence (default: a different one per run). */
  seed?: number;
  /** Upper bound on user requests per tick, so a huge mesh cannot stall the event loop (default 5000). */
  maxRequestsPerTick?: number;
}

/** Resources whose changes change the traffic; anything else leaves the snapshot valid. */
const WATCHED = {
  services: '/services',
  pods: '/pods',
  gateways: 'networking.istio.io/gateways',
  virtualServices: 'networking.istio.io/virtualservices',
  destinationRules: 'networking.istio.io/destinationrules',
  authorizationPolicies: 'security.istio.io/authorizationpolicies',
  peerAuthentications: 'security.istio.io/peerauthentications',
} as const;
const WATCHED_KEYS = new Set<string>(Object.values(WATCHED));

/**
 * Drives a cluster's traffic: on every tick it plays the call graph's user requests through the
 * mesh as currently configured in the store and accumulates Istio's metrics. Configuration is
 * re-read on the first tick after it changes, so an applied VirtualService shapes the next tick.
 */
export class TrafficSimulator {
  readonly metrics = new IstioMetrics();
  private readonly graphs: CallGraph[] = [];
  private readonly random: Random;
  private readonly outliers: OutlierTracker;
  private snapshot?: MeshSnapshot;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private lastTick = 0;
  /** Simulated time advances with the ticks, so ejection windows keep pace with the traffic. */
  private clockMs = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly clusterName: string,
    private readonly options: TrafficOptions = {},
  ) {
    this.random = seededRandom(
      options.seed ?? Math.floor(Math.random() * 2 ** 32),
    );
    this.outliers = new OutlierTracker(() => this.clockMs);
  }

  addCallGraph(graph: CallGraph): void {
    this.graphs.push(graph);
  }

  start(): void {
    this.unsubscribe = this.store.subscribe(event => {
      if (WATCHED_KEYS.has(event.resource)) this.snapshot = undefined;
    });
    this.lastTick = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      this.tick(now - this.lastTick);
      this.lastTick = now;
    }, this.options.tickMs ?? 1000);
    // A traffic generator must not keep a process alive on its own.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Plays `elapsedMs` worth of user requests now; returns how many entered the mesh. */
  tick(elapsedMs: number): number {
    this.clockMs += elapsedMs;
    const snapshot = (this.snapshot ??= this.readSnapshot());
    const graph: CallGraph = {
      entries: this.graphs.flatMap(g => g.entries),
      edges: this.graphs.flatMap(g => g.edges),
      behaviour: Object.assign({}, ...this.graphs.map(g => g.behaviour)),
    };
    const simulator = new CallSimulator(
      snapshot,
      graph,
      this.metrics,
      this.random,
      this.outliers,
    );
    const multiplier = this.options.rateMultiplier ?? 1;
    let budget = this.options.maxRequestsPerTick ?? 5000;
    let played = 0;
    for (const entry of graph.entries) {
      const count = Math.min(
        budget,
        stochasticRound(
          this.random,
          (entry.ratePerSecond * multiplier * elapsedMs) / 1000,
        ),
      );
      budget -= count;
      for (let i = 0; i < count; i += 1) {
        if (simulator.enter(entry)) played += 1;
      }
    }
    return played;
  }

  private readSnapshot(): MeshSnapshot {
    const read = (key: string) => this.store.peekAll(key) as KubeObject[];
    return buildMeshSnapshot({
      clusterName: this.clusterName,
      services: read(WATCHED.services),
      pods: read(WATCHED.pods),
      gateways: read(WATCHED.gateways),
      virtualServices: read(WATCHED.virtualServices),
      destinationRules: read(WATCHED.destinationRules),
      authorizationPolicies: read(WATCHED.authorizationPolicies),
      peerAuthentications: read(WATCHED.peerAuthentications),
    });
  }
}
