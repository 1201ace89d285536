import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ShiftTrafficRequest,
  shiftTrafficRequestSchema,
} from '@meshport/plugin-mesh-common';
import yaml from 'yaml';
import { MeshApiClient } from '../MeshApiClient';
import { inputErrorFromIssues } from './inputErrorFromIssues';
import { writeExportedFiles } from './writeExportedFiles';

export const TRAFFIC_SHIFT_ACTION_ID = 'mesh:traffic:shift';

export function createTrafficShiftAction(deps: { meshApi: MeshApiClient }) {
  return createTemplateAction({
    id: TRAFFIC_SHIFT_ACTION_ID,
    description:
      "Sets a Service's traffic split between its versions (DestinationRule subsets by the pods' `version` label) in one previewed, audited change. Runs as the user who started the task (needs mesh.config.update on the entity). On a GitOps-managed cluster it writes the change's YAML into the workspace instead.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Send 80 % of reviews traffic to v1 and 20 % to v3',
        example: yaml.stringify({
          steps: [
            {
              id: 'shift',
              name: 'Shift reviews traffic',
              action: TRAFFIC_SHIFT_ACTION_ID,
              input: {
                entityRef: 'component:default/reviews',
                namespace: 'bookinfo',
                service: 'reviews',
                weights: { v1: 80, v3: 20 },
                description: 'Blue/green: 20 % on v3',
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The catalog entity the change is for, e.g. component:default/reviews',
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              "The cluster; may be left out when the entity's mesh objects live in one cluster",
            ),
        namespace: z => z.string().describe("The Service's namespace"),
        service: z =>
          z.string().describe('The Kubernetes Service whose traffic is split'),
        weights: z =>
          z
            .record(z.number())
            .describe(
              'Percent per version (`version` label), adding up to 100, e.g. { v1: 80, v3: 20 }',
            ),
        description: z =>
          z
            .string()
            .optional()
            .describe("Why; kept in the entity's change history"),
      },
      output: {
        changeId: z =>
          z
            .string()
            .describe('The change set (applied, previewed or exported)'),
        kind: z =>
          z
            .enum(['applied', 'gitops', 'dry-run'])
            .describe(
              'applied: live on the cluster; gitops: YAML written to the workspace; dry-run: previewed only',
            ),
        files: z =>
          z
            .array(z.string())
            .optional()
            .describe('GitOps: the files written into the workspace'),
        deletions: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'GitOps: files the change deletes (not expressible in a workspace)',
            ),
      },
    },
    async handler(ctx) {
      const request: ShiftTrafficRequest = {
        entityRef: ctx.input.entityRef,
        cluster: ctx.input.cluster,
        namespace: ctx.input.namespace,
        service: ctx.input.service,
        weights: ctx.input.weights,
        description: ctx.input.description,
      };
      const parsed = shiftTrafficRequestSchema.safeParse(request);
      if (!parsed.success)
        throw inputErrorFromIssues(
          TRAFFIC_SHIFT_ACTION_ID,
          parsed.error.issues,
        );
      const total = Object.values(parsed.data.weights).reduce(
        (a, b) => a + b,
        0,
      );
      if (total !== 100)
        throw inputErrorFromIssues(TRAFFIC_SHIFT_ACTION_ID, [
          {
            code: 'custom',
            path: ['weights'],
            message: `must add up to 100 (they add up to ${total})`,
          },
        ]);
      const split = Object.entries(parsed.data.weights)
        .map(([version, weight]) => `${version} ${weight} %`)
        .join(', ');
      const target = `${request.namespace}/${request.service}`;
      ctx.logger.info(`Traffic of ${target}: ${split}`);

      const response = await deps.meshApi.shiftTraffic(
        ctx.isDryRun ? { ...request, dryRun: true } : request,
        {
          credentials: await ctx.getInitiatorCredentials(),
          signal: ctx.signal,
        },
      );
      ctx.output('kind', response.kind);
      if (response.kind === 'applied') {
        ctx.logger.info(`Applied change ${response.change.id} to ${target}`);
        ctx.output('changeId', response.change.id);
        return;
      }
      ctx.output('changeId', response.preview.id);
      if (response.kind === 'dry-run') {
        ctx.logger.info(
          `Dry run: previewed change ${response.preview.id}; nothing was written`,
        );
        return;
      }
      const { written, deletions } = await writeExportedFiles(
        ctx.workspacePath,
        response.files,
        ctx.logger,
        { dryRun: ctx.isDryRun },
      );
      ctx.output('files', written);
      if (deletions.length) ctx.output('deletions', deletions);
    },
  });
}
