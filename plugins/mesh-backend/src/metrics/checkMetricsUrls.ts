import { checkClusterUrl, LookupAll } from '../cluster/checkClusterUrl';

/**
 * Applies the cluster URL rules to a mesh registration's metrics URLs (`prometheusUrl`,
 * `metricsScrapeUrls`) before the backend is made to fetch them: the same request-forgery risk as
 * a cluster URL (and the Prometheus header is a credential). http is accepted as well as https,
 * since Prometheus and Envoy's merged-metrics port usually serve plain http inside the cluster;
 * private and loopback addresses only with `mesh.allowPrivateClusterUrls`.
 * Throws InputError naming the field (`prometheusUrl`, `metricsScrapeUrls.1`, or with `prefix`).
 */
export async function checkMetricsUrls(
  mesh: { prometheusUrl?: string; metricsScrapeUrls?: string[] },
  options: {
    allowPrivateClusterUrls: boolean;
    /** Put before field names, e.g. `mesh.meshes[0].`. */
    prefix?: string;
    lookup?: LookupAll;
  },
): Promise<void> {
  const prefix = options.prefix ?? '';
  const urls: Array<[string, string]> = [
    ...(mesh.prometheusUrl
      ? [[mesh.prometheusUrl, `${prefix}prometheusUrl`] as [string, string]]
      : []),
    ...(mesh.metricsScrapeUrls ?? []).map((u, i): [string, string] => [
      u,
      `${prefix}metricsScrapeUrls.${i}`,
    ]),
  ];
  for (const [url, field] of urls) {
    await checkClusterUrl(url, {
      allowInsecure: true,
      allowPrivateClusterUrls: options.allowPrivateClusterUrls,
      field,
      lookup: options.lookup,
    });
  }
}
