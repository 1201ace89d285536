import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ClusterTraffic,
  KubeObject,
  ServiceState,
} from '@meshport/plugin-mesh-common';
import { meshApiRef, MeshEntityRef } from '../../api/MeshApi';
import { describeApiError } from '../../lib/describeApiError';
import {
  editableResourcesOf,
  serviceStateFromTraffic,
  TrafficService,
} from './serviceStateFromTraffic';

export interface LoadedServiceState {
  state?: ServiceState;
  error?: string;
  loading: boolean;
}

/**
 * Loads the live VirtualServices and DestinationRules the Traffic view lists (the view has their
 * rules in words only) and reads the wizard's starting state from them. Loaded afresh each time a
 * dialog opens, so a wizard never edits a stale copy.
 */
export function useServiceState(
  open: boolean,
  entityRef: MeshEntityRef,
  traffic: ClusterTraffic,
  service: TrafficService,
): LoadedServiceState {
  const meshApi = useApi(meshApiRef);
  const [loaded, setLoaded] = useState<LoadedServiceState>({ loading: true });
  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    setLoaded({ loading: true });
    Promise.all(
      editableResourcesOf(traffic).map(r =>
        meshApi
          .getLiveResource(entityRef, {
            cluster: traffic.cluster,
            apiVersion: r.apiVersion,
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
          })
          .then(live => live.manifest as unknown as KubeObject),
      ),
    )
      .then(live => {
        if (cancelled) return;
        const state = serviceStateFromTraffic(traffic, service, live);
        setLoaded(
          state
            ? { state, loading: false }
            : {
                loading: false,
                error: `Service ${service.namespace}/${service.name} not found`,
              },
        );
      })
      .catch(
        e =>
          !cancelled &&
          setLoaded({ loading: false, error: describeApiError(e) }),
      );
    return () => {
      cancelled = true;
    };
    // Refetch when the dialog opens or the service changes, not on every poll of the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, meshApi, traffic.cluster, service.host]);
  return loaded;
}
