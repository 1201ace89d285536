import { IstioLabels } from './IstioMetrics';
import {
  CallProtocol,
  Caller,
  Endpoint,
  MeshService,
  MeshSnapshot,
} from './types';

const GRPC_STATUS: Record<number, string> = {
  200: '0',
  400: '3',
  401: '16',
  403: '7',
  404: '12',
  429: '8',
  500: '13',
  503: '14',
  504: '4',
};

export interface LabelInput {
  reporter: 'source' | 'destination';
  caller: Caller;
  host: string;
  service?: MeshService;
  endpoint?: Endpoint;
  protocol: CallProtocol;
  code: number;
  flags: string;
  mtls: boolean;
}

/** Only the destination knows how the connection arrived; the source reports `unknown`. */
function securityPolicy(input: LabelInput): string {
  if (input.reporter === 'source') return 'unknown';
  return input.mtls ? 'mutual_tls' : 'none';
}

const principal = (
  trustDomain: string,
  namespace: string,
  serviceAccount: string,
) => `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;

/**
 * Istio's label values for one reported request. Peer identity travels in mTLS certificates and
 * metadata exchange, so a caller without a sidecar is `unknown` to the destination, and
 * principals are `unknown` without mTLS.
 */
export function istioLabels(
  snapshot: MeshSnapshot,
  input: LabelInput,
): IstioLabels {
  const { caller, endpoint, service } = input;
  const known = caller.sidecar;
  const src = (value: string | undefined) =>
    known && value ? value : 'unknown';
  const dst = (value: string | undefined) => value ?? 'unknown';
  return {
    reporter: input.reporter,
    source_workload: src(caller.workload),
    source_workload_namespace: src(caller.namespace),
    source_principal: input.mtls
      ? principal(snapshot.trustDomain, caller.namespace, caller.serviceAccount)
      : 'unknown',
    source_app: src(
      caller.labels.app ??
        caller.labels['app.kubernetes.io/name'] ??
        caller.workload,
    ),
    source_version: src(
      caller.labels.version ?? caller.labels['app.kubernetes.io/version'],
    ),
    source_cluster: known ? snapshot.clusterName : 'unknown',
    destination_workload: dst(endpoint?.workload),
    destination_workload_namespace: dst(endpoint?.namespace),
    destination_principal:
      input.mtls && endpoint
        ? principal(
            snapshot.trustDomain,
            endpoint.namespace,
            endpoint.serviceAccount,
          )
        : 'unknown',
    destination_app: dst(
      endpoint ? (endpoint.labels.app ?? endpoint.workload) : undefined,
    ),
    destination_version: dst(endpoint?.labels.version),
    destination_service: input.host,
    destination_service_name: service?.name ?? input.host,
    destination_service_namespace: dst(service?.namespace),
    destination_cluster: endpoint ? snapshot.clusterName : 'unknown',
    request_protocol: input.protocol,
    response_code: String(input.code),
    grpc_response_status:
      input.protocol === 'grpc' ? (GRPC_STATUS[input.code] ?? '2') : '',
    response_flags: input.flags,
    connection_security_policy: securityPolicy(input),
  };
}
