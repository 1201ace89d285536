import { z } from 'zod';

/** DNS-1123 label: what Kubernetes and kubeconfig tooling accept as a cluster name everywhere. */
export const resourceNameSchema = z
  .string()
  .min(1, 'is required')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lowercase letters, digits and dashes, starting and ending with a letter or digit',
  );

const apiUrlSchema = z
  .string()
  .url('must be a URL such as https://10.0.0.1:6443')
  .refine(u => /^https?:\/\//.test(u), 'must start with https:// or http://');

function hasUserInfo(url: string): boolean {
  try {
    const u = new URL(url);
    return !!(u.username || u.password);
  } catch {
    return false; // the url check reports it
  }
}

/** Body of POST /clusters and POST /clusters/connection-test. */
export const registerClusterRequestSchema = z
  .object({
    name: resourceNameSchema,
    title: z.string().max(200).optional(),
    apiUrl: apiUrlSchema,
    /** PEM, or base64 of PEM as in a kubeconfig's certificate-authority-data. */
    caData: z.string().min(1).optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
    /**
     * Permits an `http://` apiUrl, which sends the token in clear text: for local test clusters.
     * Apart from insecureSkipTlsVerify, which keeps TLS but does not check the server's certificate.
     */
    allowInsecure: z.boolean().optional(),
    /** The cluster is managed by GitOps: Meshport never applies to it, changes are exported instead. */
    gitops: z.boolean().optional(),
    /** Writes carry Impersonate-User/Group of the Backstage user, so the cluster's own RBAC applies too. */
    impersonate: z.boolean().optional(),
    token: z.string().min(1, 'is required'),
    labels: z.record(z.string()).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    // The backend checks these again (checkClusterUrl), with the address rules that need DNS.
    if (v.apiUrl.startsWith('http://') && !v.allowInsecure) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['apiUrl'],
        message: 'must use https unless allowInsecure is true',
      });
    }
    if (hasUserInfo(v.apiUrl)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['apiUrl'],
        message:
          'must not contain a user name or password: put the credential in token',
      });
    }
    if (
      v.apiUrl.startsWith('https://') &&
      !v.caData &&
      !v.insecureSkipTlsVerify
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['caData'],
        message:
          'is required for an https URL unless insecureSkipTlsVerify is true',
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

export type RegisterClusterRequest = z.infer<
  typeof registerClusterRequestSchema
>;

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
    /** Istio's meshConfig.rootNamespace; `istio-system` when absent. */
    rootNamespace: resourceNameSchema.optional(),
    /** The member clusters' DNS domain; `cluster.local` when absent. */
    clusterDomain: z
      .string()
      .max(253)
      .regex(
        /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
        'must be a DNS domain such as cluster.local',
      )
      .optional(),
    /** Prometheus's base URL (http or https); queried for the Topology tab and canary checks. */
    prometheusUrl: apiUrlSchema.optional(),
    /**
     * Sent as the `Authorization` header to Prometheus, e.g. `Bearer …`. A credential: stored
     * encrypted and never returned (the mesh view says only `prometheusAuth: true`).
     */
    prometheusAuthHeader: z
      .string()
      .min(1, 'must not be empty')
      .max(8192, 'must be at most 8192 characters')
      .regex(/^[^\r\n]*$/, 'must be one line')
      .optional(),
    /** Prometheus-format endpoints (http or https) scraped directly when there is no Prometheus. */
    metricsScrapeUrls: z
      .array(apiUrlSchema)
      .max(100, 'must list at most 100 URLs')
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    // Metrics URLs are shown to every reader of the meshes list: credentials go in the header.
    const urls: Array<[string, Array<string | number>]> = [
      ...(v.prometheusUrl
        ? [[v.prometheusUrl, ['prometheusUrl']] as [string, string[]]]
        : []),
      ...(v.metricsScrapeUrls ?? []).map(
        (u, i): [string, Array<string | number>] => [
          u,
          ['metricsScrapeUrls', i],
        ],
      ),
    ];
    for (const [url, path] of urls) {
      if (hasUserInfo(url)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message:
            'must not contain a user name or password: put the credential in prometheusAuthHeader',
        });
      }
    }
    if (v.prometheusAuthHeader && !v.prometheusUrl) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['prometheusAuthHeader'],
        message: 'is only sent to Prometheus: give prometheusUrl too',
      });
    }
    const seen = new Set<string>();
    v.members.forEach((m, i) => {
      if (seen.has(m.cluster)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['members', i, 'cluster'],
          message: `lists ${m.cluster} twice`,
        });
      }
      seen.add(m.cluster);
    });
    const cp = v.members.find(m => m.cluster === v.controlPlaneCluster);
    if (!cp) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['controlPlaneCluster'],
        message: 'must be one of the members',
      });
    } else if (cp.role !== 'primary') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['controlPlaneCluster'],
        message: 'must be a member with role primary',
      });
    }
  });

export type RegisterMeshRequest = z.input<typeof registerMeshRequestSchema>;

/**
 * Turns zod issues into one message that names each field path, e.g.
 * `caData is required for an https URL…; members.1.cluster lists a twice`.
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(
      i =>
        `${i.path.length ? i.path.join('.') : '(body)'} ${i.message.replace(/^Required$/, 'is required')}`,
    )
    .join('; ');
}
