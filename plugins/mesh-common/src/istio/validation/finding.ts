/** One problem found in mesh configuration, by schema validation or by an analyzer. */
export type FindingLevel = 'Error' | 'Warning' | 'Info';

export interface FindingResource {
  /** Disambiguates kinds two API groups share (Istio's and the Gateway API's `Gateway`). */
  apiVersion?: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface Finding {
  /** `IST0xxx` where istioctl analyze reports the same problem, otherwise Meshport's `MSH0xxx`. */
  code: string;
  level: FindingLevel;
  message: string;
  resource: FindingResource;
  /** Field path inside the resource, e.g. `spec.http[0].route[1].weight`; empty for the whole resource. */
  path: string;
}

/** A problem inside one resource, before it is tied to the resource: what validators return. */
export interface FieldIssue {
  path: string;
  message: string;
  /** Defaults to Error: schema and Istio field rules reject the resource. */
  level?: FindingLevel;
  /** Set when istioctl files this problem under its own code (e.g. IST0122 for regexes). */
  code?: string;
}
