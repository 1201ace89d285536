import { GatewayApiHTTPRoute } from '../../istio/model/gatewayApi';
import { KubeObject } from '../../kube/types';
import { DestinationRule, VirtualService } from '../../istio/model/networking';

/** A problem with one form field; `field` is the form's own path, e.g. `weights.v3`. */
export interface WizardFieldError {
  field: string;
  message: string;
}

/** Field errors in one line, for an API error: `weights.v3: must be 0-100; subsets: …`. */
export function describeWizardErrors(errors: WizardFieldError[]): string {
  return errors.map(e => `${e.field}: ${e.message}`).join('; ');
}

/** One manifest of a wizard's change set, as `POST /changes/preview` takes it. */
export interface WizardResource {
  action: 'apply' | 'delete';
  manifest: KubeObject;
}

/** What every wizard generator answers: the change set to preview, or why it cannot make one. */
export type WizardResult =
  | { ok: true; resources: WizardResource[]; notes: string[] }
  | { ok: false; errors: WizardFieldError[] };

/**
 * What a wizard needs to know about the service it edits, read from the live model
 * (`readServiceState`) or assembled by the browser from the Traffic view.
 */
export interface ServiceState {
  /** The Service's name and namespace. */
  name: string;
  namespace: string;
  /** Its FQDN, e.g. `reviews.bookinfo.svc.cluster.local`. */
  host: string;
  /** The Service's pod selector; the local rate limit's workloadSelector. */
  selector?: Record<string, string>;
  /** The VirtualService sidecars use for the host, if any: the one wizards edit in place. */
  virtualService?: VirtualService;
  /** The DestinationRule in the Service's namespace for the host, if any. */
  destinationRule?: DestinationRule;
  /**
   * A Gateway API (GAMMA) HTTPRoute attached to the Service, in its namespace: what shifting
   * edits (backendRef weights) when no VirtualService routes the host.
   */
  httpRoute?: GatewayApiHTTPRoute;
  /** Distinct `version` labels of the Service's pods, sorted. */
  versions: string[];
}
