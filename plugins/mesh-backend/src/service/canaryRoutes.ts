import { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  canaryActionRequestSchema,
  meshCanaryManagePermission,
  meshConfigUpdatePermission,
  meshEntityReadPermission,
  shiftTrafficRequestSchema,
  startCanaryRequestSchema,
} from '@meshport/plugin-mesh-common';
import { Request, Router } from 'express';
import { CanaryService, toRecord } from '../canary/CanaryService';
import { TrafficShiftService } from '../canary/TrafficShiftService';
import { StoredCanary } from '../database/CanaryStore';
import { EntityAccess } from './entityAccess';
import { auditedWrite } from './auditedWrite';
import { parseBody } from './parseBody';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CanaryRoutesOptions {
  canaries: CanaryService;
  shifts: TrafficShiftService;
  access: EntityAccess;
  auditor: AuditorService;
}

/**
 * Canary releases and one-off traffic shifts. Reads need mesh.entity.read on the canary's entity;
 * starting, promoting, aborting and resuming need mesh.canary.manage (the owners of the entity,
 * by the app's policy); a shift is a configuration change and needs mesh.config.update.
 */
export function registerCanaryRoutes(
  router: Router,
  { canaries, shifts, access, auditor }: CanaryRoutesOptions,
): void {
  const load = async (req: Request): Promise<StoredCanary> => {
    const id = req.params.id;
    if (!UUID.test(id)) throw new NotFoundError(`No canary with id ${id}`);
    return canaries.get(id);
  };
  const refOf = (canary: StoredCanary) =>
    EntityAccess.parseRef(canary.entityRef, 'entityRef');

  router.post('/canaries', async (req, res) => {
    const input = parseBody(startCanaryRequestSchema, req.body);
    const ref = EntityAccess.parseRef(input.entityRef, 'entityRef');
    const { credentials, entity } = await access.authorizeEntity(
      req,
      meshCanaryManagePermission,
      ref,
    );
    const actor = await access.actor(credentials);
    const result = await auditedWrite(
      auditor,
      {
        eventId: 'canary-start',
        severityLevel: input.dryRun ? 'low' : 'high',
        request: req,
        meta: {
          entityRef: input.entityRef,
          service: `${input.namespace}/${input.service}`,
          versions: `${input.stableVersion} → ${input.canaryVersion}`,
          dryRun: Boolean(input.dryRun),
        },
      },
      () => canaries.start(input, entity, actor),
    );
    res.status(result.kind === 'started' ? 201 : 200).json(result);
  });

  router.get('/entities/:kind/:namespace/:name/canaries', async (req, res) => {
    const ref = EntityAccess.refFromParams(req);
    const { entity } = await access.authorizeEntity(
      req,
      meshEntityReadPermission,
      ref,
    );
    res.json({
      canaries: await canaries.listForEntity(stringifyEntityRef(entity)),
    });
  });

  router.get('/canaries/:id', async (req, res) => {
    const canary = await load(req);
    await access.authorize(req, meshEntityReadPermission, refOf(canary));
    res.json(toRecord(canary));
  });

  for (const action of ['promote', 'abort', 'resume'] as const) {
    router.post(`/canaries/:id/${action}`, async (req, res) => {
      const { reason } = parseBody(canaryActionRequestSchema, req.body);
      const canary = await load(req);
      const credentials = await access.authorize(
        req,
        meshCanaryManagePermission,
        refOf(canary),
      );
      const actor = await access.actor(credentials);
      const result = await auditedWrite(
        auditor,
        {
          eventId: `canary-${action}`,
          severityLevel: 'high',
          request: req,
          meta: { canary: canary.id, entityRef: canary.entityRef, reason },
        },
        () =>
          action === 'resume'
            ? canaries.resume(canary.id, actor, reason)
            : canaries.finish(canary.id, action, actor, reason),
      );
      res.json(result);
    });
  }

  router.post('/traffic/shift', async (req, res) => {
    const input = parseBody(shiftTrafficRequestSchema, req.body);
    const ref = EntityAccess.parseRef(input.entityRef, 'entityRef');
    const { credentials, entity } = await access.authorizeEntity(
      req,
      meshConfigUpdatePermission,
      ref,
    );
    const actor = await access.actor(credentials);
    const result = await auditedWrite(
      auditor,
      {
        eventId: 'traffic-shift',
        severityLevel: input.dryRun ? 'low' : 'high',
        request: req,
        meta: {
          entityRef: input.entityRef,
          service: `${input.namespace}/${input.service}`,
          weights: JSON.stringify(input.weights),
        },
      },
      () => shifts.shift(input, entity, actor),
    );
    res.json(result);
  });
}
