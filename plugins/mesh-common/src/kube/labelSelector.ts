import { LabelSelector } from './types';

/** One parsed term of a label selector string such as `app=reviews,version in (v1,v2),!canary`. */
export interface SelectorTerm {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';
  values: string[];
}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Split on commas that are not inside a `( … )` value set. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

function checkKey(key: string, source: string): string {
  if (!KEY.test(key)) {
    throw new Error(`Invalid label key "${key}" in selector "${source}"`);
  }
  return key;
}

/**
 * Parses Kubernetes' label selector string syntax. Throws an Error naming the bad term,
 * so callers at a boundary can turn it into a 400 that says where.
 */
export function parseLabelSelector(input: string): SelectorTerm[] {
  return splitTerms(input).map(term => {
    const set = term.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/);
    if (set) {
      const values = set[3]
        .split(',')
        .map(v => v.trim())
        .filter(Boolean);
      return {
        key: checkKey(set[1], input),
        op: set[2] as 'in' | 'notin',
        values,
      };
    }
    const neq = term.match(/^([^!=\s]+)\s*!=\s*(\S*)$/);
    if (neq)
      return { key: checkKey(neq[1], input), op: 'neq', values: [neq[2]] };
    const eq = term.match(/^([^!=\s]+)\s*==?\s*(\S*)$/);
    if (eq) return { key: checkKey(eq[1], input), op: 'eq', values: [eq[2]] };
    const not = term.match(/^!\s*(\S+)$/);
    if (not)
      return { key: checkKey(not[1], input), op: 'notexists', values: [] };
    if (/^\S+$/.test(term))
      return { key: checkKey(term, input), op: 'exists', values: [] };
    throw new Error(`Invalid term "${term}" in label selector "${input}"`);
  });
}

/** Whether a label set satisfies every parsed term. */
export function matchesSelectorTerms(
  labels: Record<string, string> | undefined,
  terms: SelectorTerm[],
): boolean {
  const l = labels ?? {};
  return terms.every(t => {
    const has = Object.prototype.hasOwnProperty.call(l, t.key);
    switch (t.op) {
      case 'eq':
        return has && l[t.key] === t.values[0];
      case 'neq':
        return !has || l[t.key] !== t.values[0];
      case 'in':
        return has && t.values.includes(l[t.key]);
      case 'notin':
        return !has || !t.values.includes(l[t.key]);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      default:
        return false;
    }
  });
}

/** Converts a structured LabelSelector (as in Deployment.spec.selector) to terms. */
export function labelSelectorToTerms(
  selector: LabelSelector | undefined,
): SelectorTerm[] {
  const terms: SelectorTerm[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    terms.push({ key, op: 'eq', values: [value] });
  }
  for (const e of selector?.matchExpressions ?? []) {
    const op = (
      {
        In: 'in',
        NotIn: 'notin',
        Exists: 'exists',
        DoesNotExist: 'notexists',
      } as const
    )[e.operator];
    terms.push({ key: e.key, op, values: e.values ?? [] });
  }
  return terms;
}

/**
 * A Service's plain `selector` map matches a pod when every pair is in the pod's labels.
 * An empty or missing selector matches nothing: such Services are managed by hand (Endpoints).
 */
export function serviceSelects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels?.[k] === v);
}
