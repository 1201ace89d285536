import { ServiceView } from '@meshport/plugin-mesh-common';

type ServicePort = ServiceView['ports'][number];

/**
 * One Service port as `http 9080/TCP → 9080 (appProtocol http)`. Istio picks the protocol from
 * `appProtocol` or the port name prefix, so both are shown: they explain how the mesh treats it.
 */
export function formatPort(p: ServicePort): string {
  let text = `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol ?? 'TCP'}`;
  if (p.targetPort !== undefined && String(p.targetPort) !== String(p.port)) {
    text += ` → ${p.targetPort}`;
  }
  if (p.appProtocol) text += ` (appProtocol ${p.appProtocol})`;
  return text;
}
