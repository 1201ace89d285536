import { z } from 'zod';

/** DNS-1123 label: what Kubernetes and kubeconfig tooling accept as a cluster name everywhere. */
export const resourceNameSchema = z
  .string()
  .min(1, 'is required')
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lowercase letters, digits and dashes, starting and ending with a letter or digit');

const apiUrlSchema = z
  .string()
  .url('must be a URL such as https://10.0.0.1:6443')
  .refine(u => /^https?:\/\//.test(u), 'must start with https:// or http://');

/** Body of POST /clusters. */
export const registerClusterRequestSchema = z
  .object({
    name: resourceNameSchema,
    title: z.string().max(200).optional(),
    apiUrl: apiUrlSchema,
    /** PEM, or base64 of PEM as in a kubeconfig's certificate-authority-data. */
    caData: z.string().min(1).optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
    token: z.string().min(1, 'is required'),
    labels: z.record(z.string()).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.apiUrl.startsWith('https://') && !v.caData && !v.insecureSkipTlsVerify) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['caData'],
        message: 'is required for an https URL unless insecureSkipTlsVerify is true',
      });
    }
    if (v.caData && v.insecureSkipTlsVerify) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['insecureSkipTlsVerify'],
        message: 'cannot be true when caData is given',
      });
    }
  });

export type RegisterClusterRequest = z.infer<typeof registerClusterRequestSchema>;

export const meshMemberSchema = z
  .object({
    cluster: resourceNameSchema,
    role: z.enum(['primary', 'remote']),
    network: z.string().max(63).optional(),
  })
  .strict();

/** Body of POST /meshes. */
export const registerMeshRequestSchema = z
  .object({
    name: resourceNameSchema,
    title: z.string().max(200).optional(),
    kind: z.enum(['external', 'managed']),
    controlPlaneCluster: resourceNameSchema,
    members: z.array(meshMemberSchema).min(1, 'must list at least one cluster'),
    revision: z.string().max(63).optional(),
    version: z.string().max(63).optional(),
    trustDomain: z.string().min(1).max(253).default('cluster.local'),
    prometheusUrl: apiUrlSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.members.forEach((m, i) => {
      if (seen.has(m.cluster)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['members', i, 'cluster'], message: `lists ${m.cluster} twice` });
      }
      seen.add(m.cluster);
    });
    const cp = v.members.find(m => m.cluster === v.controlPlaneCluster);
    if (!cp) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['controlPlaneCluster'], message: 'must be one of the members' });
    } else if (cp.role !== 'primary') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['controlPlaneCluster'], message: 'must be a member with role primary' });
    }
  });

export type RegisterMeshRequest = z.input<typeof registerMeshRequestSchema>;

/**
 * Turns zod issues into one message that names each field path, e.g.
 * `caData is required for an https URL…; members.1.cluster lists a twice`.
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(i => `${i.path.length ? i.path.join('.') : '(body)'} ${i.message.replace(/^Required$/, 'is required')}`)
    .join('; ');
}
