import { z } from 'zod';
import { Finding } from '../istio/validation/finding';
import { ClusterSyncState } from './types';

/**
 * The Traffic tab's contract: every routing resource that affects an entity's services, in words a
 * service owner reads, with the analyzers' findings at their fields. Built by a pure function in
 * mesh-common (`buildTrafficView`) from the live model; the same function serves the browser.
 */

/** A destination of a rule, with its share of requests. */
export interface RuleDestination {
  host: string;
  subset?: string;
  port?: number;
  /** Percent of requests, 0–100. */
  weight: number;
  /** e.g. `reviews (subset v3) — 50 %`. */
  text: string;
}

/** One routing rule as an ordered row: "when <match> → <destinations>", with what else it does. */
export interface RuleRow {
  /** Position in the resource's `http` / `tcp` / `tls` list (or an HTTPRoute's `rules`). */
  index: number;
  name?: string;
  protocol: 'http' | 'tcp' | 'tls' | 'grpc';
  /** The field path of the rule, e.g. `spec.http[1]`: findings and the tracer point at it. */
  path: string;
  /** The match in words, e.g. `header end-user is exactly "jason"`; `every request` when there is none. */
  when: string;
  destinations: RuleDestination[];
  /** Fault, retries, timeout, mirror, rewrite, redirect, direct response, header changes, in words. */
  actions: string[];
  /** The rule matches every request (no match block): later rules are never reached. */
  isDefault: boolean;
  /** Set when an earlier rule catches every request this one could match: the index of that rule. */
  shadowedBy?: number;
  findings: Finding[];
}

/** Traffic policy settings in words, for the whole host, one port or one subset. */
export interface PolicyView {
  /** `all ports`, `port 9080`, `subset v2`, `subset v2, port 9080`. */
  scope: string;
  /** e.g. `load balancer: least requests`, `outlier detection: eject after 5 consecutive 5xx for 30s`. */
  lines: string[];
}

export interface SubsetView {
  name: string;
  labels: Record<string, string>;
  /** Pods of the host's Service that carry the subset's labels, and how many of them are ready. */
  pods: number;
  readyPods: number;
  policies: PolicyView[];
}

export interface GatewayServerView {
  port: number;
  protocol: string;
  /** Hosts of this server that expose the entity's services. */
  hosts: string[];
  tls?: string;
}

export type TrafficResourceKind =
  | 'VirtualService'
  | 'DestinationRule'
  | 'Gateway'
  | 'ServiceEntry'
  | 'Sidecar'
  | 'HTTPRoute'
  | 'GRPCRoute'
  | 'EnvoyFilter';

/** One resource that affects the entity's traffic, with the part of it that matters, in words. */
export interface TrafficResource {
  cluster: string;
  apiVersion: string;
  kind: TrafficResourceKind;
  namespace: string;
  name: string;
  /** Why it affects the entity: `routes host reviews…`, `destination of productpage's rule 0`, `exposes reviews on port 80`. */
  reasons: string[];
  /** Analyzer and schema findings on this resource (each with its field path). */
  findings: Finding[];
  /** VirtualService, HTTPRoute, GRPCRoute: hosts (hostnames), gateways (parentRefs) and the ordered rules. */
  hosts?: string[];
  gateways?: string[];
  rules?: RuleRow[];
  /** DestinationRule: the host-wide, per-port and per-subset policies, and the subsets. */
  host?: string;
  policies?: PolicyView[];
  subsets?: SubsetView[];
  /** Gateway (Istio's or the Gateway API's): the servers that expose the entity's hosts. */
  servers?: GatewayServerView[];
  /** ServiceEntry, Sidecar and anything else: its effect in words. */
  summary?: string[];
  /** An EnvoyFilter that is a local rate limit: `rate limit 100 per 1m (burst 100)`. */
  rateLimit?: {
    text: string;
    maxTokens: number;
    tokensPerFill: number;
    fillInterval: string;
  };
}

export interface ClusterTraffic {
  cluster: string;
  sync: ClusterSyncState;
  /** The entity's Services in this cluster (the hosts the tracer defaults to). */
  services: Array<{
    name: string;
    namespace: string;
    host: string;
    ports: Array<{ name?: string; port: number; protocol?: string }>;
  }>;
  resources: TrafficResource[];
}

/** Answer of GET /entities/:kind/:namespace/:name/traffic. */
export interface EntityTraffic {
  entityRef: string;
  clusters: ClusterTraffic[];
  generatedAt: string;
}

/** Body of POST /entities/:kind/:namespace/:name/trace; answered with `RouteTrace` (as `meshport trace --format json`). */
export const traceRequestBodySchema = z
  .object({
    /** Which cluster's model to trace in; the entity's first cluster when absent. */
    cluster: z.string().min(1).optional(),
    /** The calling workload as `namespace/name` (a Pod, Deployment or Service), or a gateway as `gateway:ns/name`. */
    from: z.string().min(1).optional(),
    /** Defaults to the entity's first Service's FQDN. */
    host: z.string().min(1).max(253).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    method: z.string().min(1).max(20).optional(),
    path: z.string().max(2048).optional(),
    headers: z.record(z.string().max(4096)).optional(),
    protocol: z.enum(['http', 'tcp', 'tls']).optional(),
  })
  .strict();

export type TraceRequestBody = z.infer<typeof traceRequestBodySchema>;
