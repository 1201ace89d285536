import { namespaceOf } from '../../istio/model/common';
import { PeerAuthentication } from '../../istio/model/security';
import { portProblem } from '../../istio/validation/fieldFormats';
import {
  SECURITY_V1,
  describeTarget,
  hasSelector,
  nameProblem,
  oldestFirst,
  policyCoversTarget,
  policyName,
  sameSelector,
  selectorCovers,
  selectorOf,
  targetProblems,
  toSecurityManifest,
} from './securityResources';
import {
  SecurityState,
  SecurityTarget,
  WizardFieldError,
  WizardResult,
} from './types';

export type MtlsWizardMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
const MODES: MtlsWizardMode[] = ['STRICT', 'PERMISSIVE', 'DISABLE'];

export interface MtlsModeInput extends SecurityTarget {
  /**
   * `namespace`: the namespace's selector-less policy (mesh-wide in the root namespace);
   * `workload`: the policy with exactly this selector; `port`: that policy's portLevelMtls.
   */
  scope: 'namespace' | 'workload' | 'port';
  /** The workload's (container, target) port: what portLevelMtls is keyed by, not the Service port. */
  port?: number;
  mode: MtlsWizardMode;
  /** Name of the PeerAuthentication when one has to be created. */
  name?: string;
}

const named = (p: PeerAuthentication) => `${namespaceOf(p)}/${p.metadata.name}`;

function inputProblems(
  input: MtlsModeInput,
  state: SecurityState,
): WizardFieldError[] {
  const errors = targetProblems(input, state.namespace);
  if (!['namespace', 'workload', 'port'].includes(input.scope))
    errors.push({ field: 'scope', message: 'namespace, workload or port' });
  if (!MODES.includes(input.mode))
    errors.push({ field: 'mode', message: 'STRICT, PERMISSIVE or DISABLE' });
  if (input.scope !== 'namespace' && !hasSelector(input.selector))
    errors.push({
      field: 'selector',
      message:
        'choose the pods: Istio applies workload and port-level mTLS only through a selector',
    });
  if (input.scope === 'port') {
    const problem = portProblem(input.port);
    if (problem) errors.push({ field: 'port', message: problem });
  }
  if (input.name !== undefined) {
    const problem = nameProblem(input.name);
    if (problem) errors.push({ field: 'name', message: problem });
  }
  return errors;
}

type Picked =
  | { ok: true; policy: PeerAuthentication; existed: boolean; notes: string[] }
  | { ok: false; errors: WizardFieldError[] };

/** A new PeerAuthentication, unless another policy of the namespace already has its name. */
function created(
  state: SecurityState,
  name: string,
  selector: Record<string, string> | undefined,
): Picked {
  const clash = state.peerAuthentications.find(p => p.metadata.name === name);
  if (clash)
    return {
      ok: false,
      errors: [
        {
          field: 'name',
          message: `PeerAuthentication ${named(clash)} exists and selects other pods; choose another name`,
        },
      ],
    };
  return {
    ok: true,
    existed: false,
    notes: [],
    policy: {
      apiVersion: SECURITY_V1,
      kind: 'PeerAuthentication',
      metadata: { name, namespace: state.namespace },
      spec: hasSelector(selector)
        ? { selector: { matchLabels: { ...selector } } }
        : {},
    },
  };
}

/** The namespace-wide policy: the oldest selector-less one, which is the one Istio uses. */
function namespacePolicy(input: MtlsModeInput, state: SecurityState): Picked {
  // Sorted here too: a state the browser assembles need not be in Istio's order.
  const wide = oldestFirst(
    state.peerAuthentications.filter(p => !hasSelector(selectorOf(p))),
  );
  if (wide.length === 0)
    return created(state, input.name ?? 'default', undefined);
  const notes =
    wide.length > 1
      ? [
          `${wide.length} namespace-wide PeerAuthentications exist (${wide.map(named).join(', ')}); Istio uses the oldest, ${named(wide[0])}, which this edits`,
        ]
      : [];
  return {
    ok: true,
    existed: true,
    notes,
    policy: toSecurityManifest(wide[0]),
  };
}

/**
 * The workload policy with exactly the target's selector. A new one is refused when an older
 * policy already selects every target pod: Istio would keep using that one (the oldest wins),
 * so the new policy would change nothing.
 */
function workloadPolicy(input: MtlsModeInput, state: SecurityState): Picked {
  const selector = input.selector!;
  const exact = oldestFirst(
    state.peerAuthentications.filter(p =>
      sameSelector(selectorOf(p), selector),
    ),
  );
  const notes: string[] = [];
  const narrower = state.peerAuthentications.filter(
    p =>
      hasSelector(selectorOf(p)) &&
      !sameSelector(selectorOf(p), selector) &&
      selectorCovers(selector, selectorOf(p)),
  );
  for (const p of narrower)
    notes.push(
      `PeerAuthentication ${named(p)} selects some of these pods more narrowly; where both apply Istio uses the older one`,
    );
  if (exact.length > 0)
    return {
      ok: true,
      existed: true,
      notes,
      policy: toSecurityManifest(exact[0]),
    };
  const broader = state.peerAuthentications.find(
    p => hasSelector(selectorOf(p)) && policyCoversTarget(p, input),
  );
  if (broader)
    return {
      ok: false,
      errors: [
        {
          field: 'selector',
          message: `PeerAuthentication ${named(broader)} already selects these pods (${Object.entries(
            selectorOf(broader),
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(
              ',',
            )}); Istio uses the oldest workload policy, so a new one would be ignored: edit that one or use its selector`,
        },
      ],
    };
  const made = created(
    state,
    input.name ?? policyName(input, 'mtls'),
    selector,
  );
  return made.ok ? { ...made, notes } : made;
}

/**
 * Sets the mTLS mode a namespace, a workload or one port of a workload enforces, through
 * PeerAuthentication: the namespace's selector-less policy, the workload policy with exactly the
 * given selector (portLevelMtls for a port, which Istio honours only with a selector), edited in
 * place when it exists so other fields and ports are kept, or created.
 */
export function setMtlsMode(
  input: MtlsModeInput,
  state: SecurityState,
): WizardResult {
  const errors = inputProblems(input, state);
  if (errors.length > 0) return { ok: false, errors };
  const picked =
    input.scope === 'namespace'
      ? namespacePolicy(input, state)
      : workloadPolicy(input, state);
  if (!picked.ok) return picked;
  const { policy } = picked;
  const spec = { ...policy.spec };
  let what: string;
  if (input.scope === 'port') {
    spec.portLevelMtls = {
      ...spec.portLevelMtls,
      [String(input.port)]: { mode: input.mode },
    };
    what = `port ${input.port} of ${describeTarget(input)}: ${input.mode}`;
  } else {
    spec.mtls = { ...spec.mtls, mode: input.mode };
    what = `${describeTarget(input)}: ${input.mode}`;
  }
  policy.spec = spec;
  const notes = [
    `${picked.existed ? 'edits' : 'creates'} PeerAuthentication ${named(policy)}: ${what}`,
    ...picked.notes,
  ];
  if (input.scope === 'namespace' && input.namespace === state.rootNamespace)
    notes.push(
      `${state.rootNamespace} is the root namespace: this sets the mode for the whole mesh, except where a namespace or workload policy overrides it`,
    );
  if (input.scope === 'port' && !picked.existed)
    notes.push(
      'the other ports keep the mode the namespace or mesh sets (the new policy leaves mtls UNSET)',
    );
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: policy }],
    notes,
  };
}

/** What the Security view knows about the callers of the target, for the warnings before a change. */
export interface MtlsCallerFacts {
  /** Callers seen sending plaintext to the target in the metrics window (`ns/workload`). */
  plaintextCallers?: Array<{ source: string; requestsPerSecond?: number }>;
  /** Workloads without a sidecar that call (or may call) the target: they can only send plaintext. */
  callersWithoutSidecar?: string[];
  /** AuthorizationPolicies (`ns/name`) on the target that match callers by principal or namespace. */
  identityPolicies?: string[];
}

export interface MtlsWarning {
  kind: 'plaintext-observed' | 'no-sidecar' | 'identity-lost';
  /** The caller (`ns/workload`) or policy (`ns/name`) the warning is about. */
  subject: string;
  message: string;
}

/**
 * Warnings to show before applying a mode. STRICT resets plaintext connections, so callers seen
 * sending plaintext and callers without a sidecar would fail; DISABLE drops the callers' identity,
 * so policies that match principals or namespaces stop matching them.
 */
export function mtlsWarnings(
  mode: MtlsWizardMode,
  facts: MtlsCallerFacts,
): MtlsWarning[] {
  const out: MtlsWarning[] = [];
  if (mode === 'STRICT') {
    const seen = new Set<string>();
    for (const c of facts.plaintextCallers ?? []) {
      if (seen.has(c.source)) continue;
      seen.add(c.source);
      const who =
        c.source === 'unknown/unknown' || c.source === 'unknown'
          ? 'callers outside the mesh'
          : c.source;
      const rate =
        c.requestsPerSecond !== undefined
          ? ` (${Number(c.requestsPerSecond.toFixed(3))} req/s)`
          : '';
      out.push({
        kind: 'plaintext-observed',
        subject: c.source,
        message: `${who} sent plaintext${rate} in the window: under STRICT their connections are reset`,
      });
    }
    for (const source of new Set(facts.callersWithoutSidecar ?? []))
      out.push({
        kind: 'no-sidecar',
        subject: source,
        message: `${source} has no sidecar, so it can only send plaintext: under STRICT its calls fail`,
      });
  }
  if (mode === 'DISABLE')
    for (const policy of new Set(facts.identityPolicies ?? []))
      out.push({
        kind: 'identity-lost',
        subject: policy,
        message: `AuthorizationPolicy ${policy} matches callers by principal or namespace; without mTLS callers present no identity, so those rules no longer recognise them (ALLOW rules stop admitting them)`,
      });
  return out;
}

/** The AuthorizationPolicies of the state that apply to the target and match on caller identity. */
export function identityPolicies(
  state: SecurityState,
  target: SecurityTarget,
): string[] {
  return state.authorizationPolicies
    .filter(p => policyCoversTarget(p, target))
    .filter(p =>
      (p.spec?.rules ?? []).some(r =>
        (r.from ?? []).some(
          f =>
            (f.source?.principals ?? []).length > 0 ||
            (f.source?.namespaces ?? []).length > 0 ||
            (f.source?.notPrincipals ?? []).length > 0 ||
            (f.source?.notNamespaces ?? []).length > 0,
        ),
      ),
    )
    .map(named);
}
