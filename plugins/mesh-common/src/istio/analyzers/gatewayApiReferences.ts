import { Service } from '../../kube/types';
import { GATEWAY_API_GATEWAY_KIND } from '../index/indexKey';
import { namespaceOf } from '../model/common';
import {
  GATEWAY_API_GROUP,
  GatewayApiGateway,
  GatewayApiHTTPRoute,
} from '../model/gatewayApi';
import { referenceGranted } from '../routing/referenceGranted';
import { Analyzer } from './analyzer';

/** Route kinds that share parentRefs/backendRefs; Meshport types HTTPRoute, the others read alike. */
const ROUTE_KINDS = [
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'UDPRoute',
];

/**
 * Gateway API references: routes whose parent Gateway or backend Service does not exist, and
 * listeners whose certificate Secret does not exist (each only when the input holds that kind);
 * and references into another namespace that no ReferenceGrant there permits (MSH0113, checked
 * when the input holds the target kind, so it describes that namespace, grants included).
 */
export const gatewayApiReferences: Analyzer = {
  name: 'gatewayApiReferences',
  codes: ['IST0101', 'MSH0113'],
  run(ctx) {
    const { index } = ctx;
    for (const kind of ROUTE_KINDS) {
      for (const route of index.all<GatewayApiHTTPRoute>(kind)) {
        const ns = namespaceOf(route);
        route.spec?.parentRefs?.forEach((p, i) => {
          const isGateway =
            (p.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP &&
            (p.kind ?? 'Gateway') === 'Gateway';
          if (
            isGateway &&
            !index.get(GATEWAY_API_GATEWAY_KIND, p.namespace ?? ns, p.name)
          ) {
            ctx.report(
              'IST0101',
              route,
              `spec.parentRefs[${i}]`,
              `Referenced gateway not found: "${p.namespace ?? ns}/${p.name}"`,
            );
          }
        });
        if (!ctx.has('Service')) continue;
        route.spec?.rules?.forEach((r, i) =>
          r.backendRefs?.forEach((b, j) => {
            if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service')
              return;
            if (
              !referenceGranted(
                index,
                { group: GATEWAY_API_GROUP, kind, namespace: ns },
                {
                  group: '',
                  kind: 'Service',
                  namespace: b.namespace ?? ns,
                  name: b.name,
                },
              )
            ) {
              ctx.report(
                'MSH0113',
                route,
                `spec.rules[${i}].backendRefs[${j}]`,
                `Backend ${b.namespace}/${b.name} is in another namespace and no ReferenceGrant in ${b.namespace} allows ${kind}s from ${ns} to reference it; Istio drops the backend (500).`,
              );
              return;
            }
            const svc = index.get<Service>(
              'Service',
              b.namespace ?? ns,
              b.name,
            );
            if (!svc)
              ctx.report(
                'IST0101',
                route,
                `spec.rules[${i}].backendRefs[${j}]`,
                `Referenced service not found: "${b.namespace ?? ns}/${b.name}"`,
              );
            else if (
              b.port !== undefined &&
              !(svc.spec?.ports ?? []).some(p => p.port === b.port)
            ) {
              ctx.report(
                'IST0101',
                route,
                `spec.rules[${i}].backendRefs[${j}].port`,
                `Service ${b.namespace ?? ns}/${b.name} has no port ${b.port}`,
              );
            }
          }),
        );
      }
    }
    if (!ctx.has('Secret')) return;
    for (const gw of index.all<GatewayApiGateway>(GATEWAY_API_GATEWAY_KIND)) {
      gw.spec?.listeners?.forEach((l, i) =>
        l.tls?.certificateRefs?.forEach((c, j) => {
          const ns = c.namespace ?? namespaceOf(gw);
          if ((c.kind ?? 'Secret') !== 'Secret') return;
          if (
            !referenceGranted(
              index,
              {
                group: GATEWAY_API_GROUP,
                kind: 'Gateway',
                namespace: namespaceOf(gw),
              },
              { group: '', kind: 'Secret', namespace: ns, name: c.name },
            )
          ) {
            ctx.report(
              'MSH0113',
              gw,
              `spec.listeners[${i}].tls.certificateRefs[${j}]`,
              `Certificate ${ns}/${c.name} is in another namespace and no ReferenceGrant in ${ns} allows Gateways from ${namespaceOf(gw)} to reference it; the listener is not programmed.`,
            );
          } else if (!index.get('Secret', ns, c.name)) {
            ctx.report(
              'IST0101',
              gw,
              `spec.listeners[${i}].tls.certificateRefs[${j}]`,
              `Referenced secret not found: "${ns}/${c.name}"`,
            );
          }
        }),
      );
    }
  },
};
