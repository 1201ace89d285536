import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  AuthorizationPolicy,
  ClusterSecurity,
  PeerAuthentication,
  RequestAuthentication,
  SecurityState,
} from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';

export interface LoadedSecurityState {
  state?: SecurityState;
  error?: string;
  loading: boolean;
}

/** Istio's default root namespace, when no mesh-wide policy in the view says otherwise. */
const DEFAULT_ROOT = 'istio-system';

const byCreation = (
  a: { metadata: { creationTimestamp?: string } },
  b: { metadata: { creationTimestamp?: string } },
) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  );

/**
 * Loads the live policies of the namespace that the Security view lists (it has them in words
 * only) and assembles the wizards' starting state from them, oldest first as Istio breaks ties.
 * Loaded afresh each time a dialog opens, so a wizard never edits a stale copy.
 */
export function useSecurityState(
  open: boolean,
  entityRef: MeshEntityRef,
  security: ClusterSecurity,
  namespace: string,
): LoadedSecurityState {
  const meshApi = useApi(meshApiRef);
  const [loaded, setLoaded] = useState<LoadedSecurityState>({ loading: true });
  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    setLoaded({ loading: true });
    const own = security.policies.filter(p => p.namespace === namespace);
    Promise.all(
      own.map(p =>
        meshApi
          .getLiveResource(entityRef, {
            cluster: security.cluster,
            apiVersion: p.apiVersion,
            kind: p.kind,
            namespace: p.namespace,
            name: p.name,
          })
          .then(live => live.manifest),
      ),
    )
      .then(manifests => {
        if (cancelled) return;
        const ofKind = <T extends { metadata: { creationTimestamp?: string } }>(
          kind: string,
        ) =>
          (manifests.filter(m => m.kind === kind) as unknown as T[]).sort(
            byCreation,
          );
        const meshWide = security.policies.find(p => p.scope === 'mesh');
        setLoaded({
          loading: false,
          state: {
            namespace,
            trustDomain: security.trustDomain,
            rootNamespace: meshWide?.namespace ?? DEFAULT_ROOT,
            peerAuthentications:
              ofKind<PeerAuthentication>('PeerAuthentication'),
            authorizationPolicies: ofKind<AuthorizationPolicy>(
              'AuthorizationPolicy',
            ),
            requestAuthentications: ofKind<RequestAuthentication>(
              'RequestAuthentication',
            ),
          },
        });
      })
      .catch(
        e =>
          !cancelled &&
          setLoaded({ loading: false, error: describeApiError(e) }),
      );
    return () => {
      cancelled = true;
    };
    // Refetch when the dialog opens, not on every poll of the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, meshApi, security.cluster, namespace]);
  return loaded;
}
