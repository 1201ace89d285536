import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  describeWizardErrors,
  GatewayApiHTTPRoute,
  shiftHttpRouteWeights,
  shiftTraffic,
  ShiftTrafficResponse,
  shiftTrafficRequestSchema,
} from '@meshport/plugin-mesh-common';
import { z } from 'zod';
import { ChangeActor } from '../changes/ChangeService';
import { RoutingWrites } from './RoutingWrites';

/** Shift input, as parsed. */
type ShiftInput = z.output<typeof shiftTrafficRequestSchema>;

/** One-off traffic shifts: the `POST /traffic/shift` route and the `mesh:traffic:shift` action. */
export class TrafficShiftService {
  constructor(private readonly routing: RoutingWrites) {}

  /**
   * Sets a Service's version weights in one change (the `mesh:traffic:shift` action): the
   * VirtualService's default rule, or the attached HTTPRoute's backend weights when no
   * VirtualService routes the host. Previewed, then applied unless a dry run; exported on GitOps.
   */
  async shift(
    input: ShiftInput,
    entity: Entity,
    actor: ChangeActor,
  ): Promise<ShiftTrafficResponse> {
    const entityRef = stringifyEntityRef(entity);
    const cluster = this.routing.resolveCluster(entity, input);
    const state = this.routing.serviceState(
      cluster,
      input.namespace,
      input.service,
    );
    const route = !state.virtualService ? state.httpRoute : undefined;
    const routed = route
      ? shiftHttpRouteWeights(
          { route: route as GatewayApiHTTPRoute, weights: input.weights },
          state,
        )
      : shiftTraffic({ weights: input.weights }, state);
    if (!routed.ok) throw new InputError(describeWizardErrors(routed.errors));
    const preview = await this.routing.preview(
      { entityRef, cluster },
      routed.resources,
      input.description ??
        `Traffic of ${input.service}: ${Object.entries(input.weights)
          .map(([v, w]) => `${v} ${w} %`)
          .join(', ')}`,
      actor,
    );
    if (input.dryRun) return { kind: 'dry-run', preview };
    return {
      preview,
      ...(await this.routing.applyOrExport(preview, actor, 'the change')),
    };
  }
}
