// Test-only helpers (not exported from the package): Bookinfo before and after a wizard's change.
import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../../istio/index/MeshIndex';
import {
  bookinfoDestinationRules,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../../istio/model/__fixtures__/bookinfo';
import { VirtualService } from '../../istio/model/networking';
import { traceRequest } from '../../istio/routing/traceRequest';
import { RouteRequest } from '../../istio/routing/types';
import { validateResource } from '../../istio/validation/validateResource';
import { readServiceState } from './readServiceState';
import { ServiceState, WizardResult } from './types';

export function bookinfo(
  extra: KubeObject[] = [],
  withRules = true,
): MeshIndex {
  return MeshIndex.build([
    ...bookinfoKube(),
    ...(withRules ? bookinfoDestinationRules() : []),
    ...extra,
  ]);
}

export function reviewsState(index: MeshIndex): ServiceState {
  const state = readServiceState(index, {
    namespace: 'bookinfo',
    name: 'reviews',
  });
  if (!state) throw new Error('reviews not in the fixture');
  return state;
}

/** The resources of a successful result, each checked to have no Error finding. */
export function validManifests(result: WizardResult): KubeObject[] {
  if (!result.ok)
    throw new Error(`wizard failed: ${JSON.stringify(result.errors)}`);
  for (const r of result.resources) {
    const errors = validateResource(r.manifest).filter(
      f => f.level === 'Error',
    );
    expect(errors).toEqual([]);
  }
  return result.resources.map(r => r.manifest);
}

/** The index after applying a result, as the cluster would hold it. */
export function applyTo(index: MeshIndex, result: WizardResult): MeshIndex {
  for (const manifest of validManifests(result)) index.upsert(manifest);
  return index;
}

export const traceReviews = (
  index: MeshIndex,
  req: Partial<RouteRequest> = {},
) =>
  traceRequest(index, {
    host: 'reviews',
    source: { pod: 'productpage-v1-0', namespace: 'bookinfo' },
    ...req,
  });

/** The http rules of Bookinfo's jason → v2, others → v3 VirtualService. */
export function jasonRules() {
  return (reviewsJasonV2V3() as VirtualService).spec!.http!;
}
