import { z } from 'zod';
import { Finding } from '../istio/validation/finding';
import { resourceNameSchema } from './clusterSchemas';

/**
 * The write path's contract: every change (YAML editor, wizard, canary step, revert) is a change
 * set that is previewed (validated, analyzed on the model as it would be after the change,
 * dry-run on the cluster, diffed against live), then applied all-or-nothing, then audited.
 */

export const changeActionSchema = z.enum(['apply', 'delete']);
export type ChangeAction = z.infer<typeof changeActionSchema>;

/** One resource of a change: a manifest as YAML text (one document) or as an object. */
export const changeResourceInputSchema = z
  .object({
    action: changeActionSchema,
    manifest: z.union([z.string().min(1, 'is empty'), z.record(z.unknown())]),
  })
  .strict();

/** Body of POST /changes/preview. */
export const previewChangeRequestSchema = z
  .object({
    /** The catalog entity the change is made for, e.g. `component:default/reviews`. */
    entityRef: z.string().min(1, 'is required'),
    cluster: resourceNameSchema,
    resources: z
      .array(changeResourceInputSchema)
      .min(1, 'must list at least one resource')
      .max(50, 'must list at most 50 resources'),
    /** Why the change is made; kept in the history. */
    description: z.string().max(500).optional(),
  })
  .strict();

export type PreviewChangeRequest = z.input<typeof previewChangeRequestSchema>;

/** What applying a resource does to the cluster, as the preview found it. */
export type ChangeOperation = 'create' | 'update' | 'delete' | 'unchanged';

export interface ChangeResource {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  action: ChangeAction;
  operation: ChangeOperation;
  /** Unified diff of the live object (as YAML) against the object after the change. */
  diff: string;
  /** The resourceVersion the preview saw; absent when the object does not exist yet. */
  liveResourceVersion?: string;
  /** The object before the change, as YAML (empty when it did not exist). */
  before: string;
  /** The object after the change, as YAML (empty for a delete). */
  after: string;
}

export interface DryRunMessage {
  /** `Kind namespace/name` the message is about. */
  resource: string;
  message: string;
}

export interface DryRunResult {
  ok: boolean;
  messages: DryRunMessage[];
}

export interface ChangeFindings {
  /** Findings on the model after the change that the live model does not have. */
  introduced: Finding[];
  /** Findings of the live model that the change removes. */
  fixed: Finding[];
}

export type ChangeStatus =
  'previewed' | 'applying' | 'applied' | 'failed' | 'conflict' | 'exported';

/** Answer of POST /changes/preview (and of POST /changes/:id/revert). */
export interface ChangePreview {
  id: string;
  entityRef: string;
  cluster: string;
  description?: string;
  resources: ChangeResource[];
  findings: ChangeFindings;
  dryRun: DryRunResult;
  /** The cluster is managed by GitOps: the change can only be exported. */
  gitops: boolean;
  /** Set when this preview reverts an earlier change. */
  revertOf?: string;
  createdBy: string;
  createdAt: string;
}

/** A change as the history shows it. */
export interface ChangeRecord extends ChangePreview {
  status: ChangeStatus;
  appliedBy?: string;
  appliedAt?: string;
  /** What the apply answered: the cluster's message on failure, what moved on conflict. */
  result?: string;
}

/** Answer of POST /changes/:id/apply. */
export interface ApplyChangeResult {
  id: string;
  status: 'applied';
  appliedAt: string;
  resources: Array<{
    kind: string;
    namespace: string;
    name: string;
    operation: ChangeOperation;
    resourceVersion?: string;
  }>;
}

/** Answer of GET /entities/:kind/:namespace/:name/history. */
export interface ChangeHistory {
  items: ChangeRecord[];
}

/** Answer of GET /changes/:id/export: ready-to-commit YAML, one file per resource. */
export interface ChangeExport {
  id: string;
  files: Array<{ path: string; content: string; action: ChangeAction }>;
}

/** Answer of GET /entities/:kind/:namespace/:name/resource: one live object for the editor. */
export interface LiveResource {
  cluster: string;
  /** The object without managedFields and status, as the editor starts from it. */
  manifest: Record<string, unknown>;
  yaml: string;
  resourceVersion?: string;
}

/** Query of GET /entities/:kind/:namespace/:name/resource. */
export const liveResourceQuerySchema = z
  .object({
    cluster: resourceNameSchema,
    apiVersion: z.string().min(1, 'is required'),
    kind: z.string().min(1, 'is required'),
    namespace: z.string().optional(),
    name: z.string().min(1, 'is required'),
  })
  .strict();
