import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';

export const WEBHOOK_CONFIG_KIND = 'MutatingWebhookConfiguration';
const REV_LABEL = 'istio.io/rev';
const TAG_LABEL = 'istio.io/tag';
const INJECTOR_CONFIG = 'istio-sidecar-injector';

/** The sidecar injectors installed in one cluster, as Istio's webhook configurations describe them. */
export interface InjectorSetup {
  /** Installed control-plane revisions, sorted; a non-revisioned install is the revision "default". */
  revisions: string[];
  /** Revision tags (`istioctl tag set <tag> --revision <rev>`): tag → revision, `default` included. */
  tags: Record<string, string>;
  /**
   * The revision behind the default webhooks (namespace `istio-injection=enabled`, pod label
   * `sidecar.istio.io/inject=true`); undefined when nothing serves them.
   */
  defaultRevision?: string;
  /** Where the default webhooks come from: the `default` tag, or the non-revisioned install. */
  defaultFrom?: 'tag' | 'revision';
}

/**
 * Reads the injector setup from a cluster's MutatingWebhookConfigurations. Istio leaves one per
 * revision (`istio-sidecar-injector` for the revision "default", `istio-sidecar-injector-<rev>`
 * otherwise, labelled `istio.io/rev=<rev>`) and one per revision tag (`istio-revision-tag-<tag>`,
 * labelled `istio.io/tag=<tag>` and `istio.io/rev=<rev>`). The tag `default` takes over the default
 * webhooks (istioctl deactivates the non-revisioned ones); without it the revision "default" keeps
 * them, and when neither exists nothing serves `istio-injection=enabled`.
 *
 * Names and labels are read rather than each webhook's selectors because istioctl deactivates
 * webhooks by rewriting their selectors to never match, which names and labels describe plainly.
 * Returns undefined when no webhook configuration is known at all (e.g. YAML files without them):
 * callers then fall back to deciding from labels alone.
 */
export function injectorSetupFrom(
  webhookConfigs: readonly KubeObject[],
): InjectorSetup | undefined {
  if (webhookConfigs.length === 0) return undefined;
  const revisions = new Set<string>();
  const tags: Record<string, string> = {};
  for (const config of webhookConfigs) {
    const labels = config.metadata.labels ?? {};
    const revision = labels[REV_LABEL];
    if (!revision) continue;
    const tag = labels[TAG_LABEL];
    const name = config.metadata.name;
    if (tag) tags[tag] = revision;
    else if (name === INJECTOR_CONFIG || name.startsWith(`${INJECTOR_CONFIG}-`))
      revisions.add(revision);
  }
  const setup: InjectorSetup = { revisions: [...revisions].sort(), tags };
  if (tags.default !== undefined) {
    setup.defaultRevision = tags.default;
    setup.defaultFrom = 'tag';
  } else if (revisions.has('default')) {
    setup.defaultRevision = 'default';
    setup.defaultFrom = 'revision';
  }
  return setup;
}

/** The injector setup of one cluster of the index (every cluster's when none is given). */
export function injectorSetupOf(
  index: MeshIndex,
  cluster?: string,
): InjectorSetup | undefined {
  return injectorSetupFrom(index.all(WEBHOOK_CONFIG_KIND, cluster));
}
