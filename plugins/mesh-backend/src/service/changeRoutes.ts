import { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  meshConfigUpdatePermission,
  meshEntityReadPermission,
  previewChangeRequestSchema,
} from '@meshport/plugin-mesh-common';
import { Request, Router } from 'express';
import { ChangeService } from '../changes/ChangeService';
import { StoredChange } from '../database/ChangeStore';
import { EntityAccess } from './entityAccess';
import { auditedWrite } from './auditedWrite';
import { parseBody } from './parseBody';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ChangeRoutesOptions {
  changes: ChangeService;
  access: EntityAccess;
  auditor: AuditorService;
}

/**
 * The write path's routes: preview, apply, revert, export, and one change's record. Every route
 * decides its permission on the change's entity; writes need mesh.config.update.
 */
export function registerChangeRoutes(
  router: Router,
  { changes, access, auditor }: ChangeRoutesOptions,
): void {
  const load = async (req: Request): Promise<StoredChange> => {
    const id = req.params.id;
    if (!UUID.test(id)) throw new NotFoundError(`No change with id ${id}`);
    return changes.get(id);
  };
  const refOf = (change: StoredChange) =>
    EntityAccess.parseRef(change.entityRef, 'entityRef');

  router.post('/changes/preview', async (req, res) => {
    const input = parseBody(previewChangeRequestSchema, req.body);
    const ref = EntityAccess.parseRef(input.entityRef, 'entityRef');
    const credentials = await access.authorize(
      req,
      meshConfigUpdatePermission,
      ref,
    );
    const actor = await access.actor(credentials);
    res.json(
      await changes.preview(
        { ...input, entityRef: stringifyEntityRef(ref) },
        actor,
      ),
    );
  });

  router.get('/changes/:id', async (req, res) => {
    const change = await load(req);
    await access.authorize(req, meshEntityReadPermission, refOf(change));
    const { manifests: _m, ...record } = change;
    res.json(record);
  });

  router.post('/changes/:id/apply', async (req, res) => {
    const change = await load(req);
    const credentials = await access.authorize(
      req,
      meshConfigUpdatePermission,
      refOf(change),
    );
    const actor = await access.actor(credentials);
    const result = await auditedWrite(
      auditor,
      {
        eventId: 'change-apply',
        severityLevel: 'high',
        request: req,
        meta: {
          change: change.id,
          entityRef: change.entityRef,
          cluster: change.cluster,
          resources: change.resources
            .map(r => `${r.kind} ${r.namespace}/${r.name}`)
            .join(', '),
        },
      },
      () => changes.apply(change, actor),
    );
    res.json(result);
  });

  router.post('/changes/:id/revert', async (req, res) => {
    const change = await load(req);
    const credentials = await access.authorize(
      req,
      meshConfigUpdatePermission,
      refOf(change),
    );
    res.json(await changes.revert(change, await access.actor(credentials)));
  });

  router.get('/changes/:id/export', async (req, res) => {
    const change = await load(req);
    const credentials = await access.authorize(
      req,
      meshConfigUpdatePermission,
      refOf(change),
    );
    if (change.gitops)
      await changes.markExported(change, await access.actor(credentials));
    res.json(changes.export(change));
  });
}
