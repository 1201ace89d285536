// Test-only helpers (not exported from the package): Bookinfo's security before and after a wizard.
import { KubeObject } from '../../kube/types';
import { MeshIndex, MeshIndexOptions } from '../../istio/index/MeshIndex';
import { bookinfoKube } from '../../istio/model/__fixtures__/bookinfo';
import { authorizeRequest } from '../../istio/security/authorizeRequest';
import { AuthzRequest } from '../../istio/security/types';
import { readSecurityState } from './readSecurityState';
import { SecurityState } from './types';

export { applyTo, validManifests } from '../../traffic/wizards/wizardTestKit';

export function bookinfoMesh(
  extra: KubeObject[] = [],
  options?: MeshIndexOptions,
): MeshIndex {
  return MeshIndex.build([...bookinfoKube(), ...extra], options);
}

export const bookinfoState = (index: MeshIndex): SecurityState =>
  readSecurityState(index, 'bookinfo');

/** A request from one Bookinfo pod to another on 9080, as the destination's sidecar decides it. */
export function call(
  index: MeshIndex,
  from: string | undefined,
  to: string,
  over: Partial<AuthzRequest> = {},
) {
  const [toNs, toPod] = to.includes('/') ? to.split('/') : ['bookinfo', to];
  const source = from
    ? (() => {
        const [ns, pod] = from.includes('/')
          ? from.split('/')
          : ['bookinfo', from];
        return { namespace: ns, pod };
      })()
    : undefined;
  return authorizeRequest(index, {
    source,
    destination: { namespace: toNs, pod: toPod },
    port: 9080,
    method: 'GET',
    path: '/',
    ...over,
  });
}
