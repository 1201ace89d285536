import yaml from 'js-yaml';

/** A kubeconfig for one sandbox cluster, usable by kubectl and @kubernetes/client-node as is. */
/** `user` names the kubeconfig user entry after its role (default `admin`). */
export function renderKubeconfig(options: {
  name: string;
  apiUrl: string;
  token: string;
  caPem?: string;
  namespace?: string;
  user?: string;
}): string {
  const user = `${options.name}-${options.user ?? 'admin'}`;
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.name,
        cluster: {
          server: options.apiUrl,
          ...(options.caPem
            ? {
                'certificate-authority-data': Buffer.from(
                  options.caPem,
                ).toString('base64'),
              }
            : {}),
        },
      },
    ],
    contexts: [
      {
        name: options.name,
        context: {
          cluster: options.name,
          user,
          namespace: options.namespace ?? 'default',
        },
      },
    ],
    'current-context': options.name,
    users: [{ name: user, user: { token: options.token } }],
    preferences: {},
  });
}
