import { IstioObject } from './common';

/** gateway.networking.k8s.io Gateway and HTTPRoute (v1), as Istio implements them. */

export interface GatewayApiListener {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  tls?: {
    mode?: 'Terminate' | 'Passthrough';
    certificateRefs?: Array<{
      kind?: string;
      name: string;
      namespace?: string;
    }>;
  };
  allowedRoutes?: {
    namespaces?: { from?: 'All' | 'Same' | 'Selector'; selector?: unknown };
    kinds?: Array<{ group?: string; kind: string }>;
  };
}

export interface GatewayApiGatewaySpec {
  gatewayClassName: string;
  listeners?: GatewayApiListener[];
  addresses?: Array<{ type?: string; value: string }>;
}

export type GatewayApiGateway = IstioObject<GatewayApiGatewaySpec>;

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface HTTPRouteMatch {
  path?: {
    type?: 'Exact' | 'PathPrefix' | 'RegularExpression';
    value?: string;
  };
  headers?: Array<{
    type?: 'Exact' | 'RegularExpression';
    name: string;
    value: string;
  }>;
  queryParams?: Array<{
    type?: 'Exact' | 'RegularExpression';
    name: string;
    value: string;
  }>;
  method?: string;
}

export interface HTTPBackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: Array<{ type: string } & Record<string, unknown>>;
  backendRefs?: HTTPBackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
}

export interface HTTPRouteSpec {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: HTTPRouteRule[];
}

export type GatewayApiHTTPRoute = IstioObject<HTTPRouteSpec>;

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** Label Istio puts on the pods it deploys for a Gateway API Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
