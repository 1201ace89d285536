import { SelectorParseError } from './SelectorParseError';

/**
 * Kubernetes label selectors: the string form used in `?labelSelector=` and the
 * structured form (`matchLabels` / `matchExpressions`) used in workload specs.
 */

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

export type LabelSelector = Requirement[];

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Checks a label key as the apiserver does: optional DNS-subdomain prefix, then a name of at most 63 characters. */
export function isValidLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (
      prefix.length === 0 ||
      prefix.length > 253 ||
      !DNS_SUBDOMAIN.test(prefix)
    ) {
      return false;
    }
  }
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ',' }
  | { kind: 'end' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (input.startsWith('==', i) || input.startsWith('!=', i)) {
      tokens.push({ kind: 'op', text: input.slice(i, i + 2) as '==' | '!=' });
      i += 2;
    } else if ('=!(),'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch as '=' | '!' | '(' | ')' | ',' });
      i += 1;
    } else {
      let end = i;
      while (end < input.length && !/[\s=!(),]/.test(input[end])) {
        end += 1;
      }
      tokens.push({ kind: 'word', text: input.slice(i, end) });
      i = end;
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** Parses `app=reviews,version in (v1,v2),!canary` into requirements. Throws SelectorParseError. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (message: string): never => {
    throw new SelectorParseError(`unable to parse requirement: ${message}`);
  };
  const expectWord = (what: string): string => {
    const token = tokens[pos++];
    return token.kind === 'word'
      ? token.text
      : fail(`expected ${what} in "${input}"`);
  };
  const checkKey = (key: string) => {
    if (!isValidLabelKey(key)) {
      fail(`invalid label key "${key}"`);
    }
  };
  const checkValue = (value: string) => {
    if (!isValidLabelValue(value)) {
      fail(`invalid label value "${value}"`);
    }
  };

  const requirements: Requirement[] = [];
  if (peek().kind === 'end') {
    return requirements;
  }
  for (;;) {
    let token = peek();
    if (token.kind === 'op' && token.text === '!') {
      pos += 1;
      const key = expectWord('a key after "!"');
      checkKey(key);
      requirements.push({ key, operator: 'DoesNotExist', values: [] });
    } else {
      const key = expectWord('a key');
      checkKey(key);
      token = peek();
      if (token.kind === 'end' || (token.kind === 'op' && token.text === ',')) {
        requirements.push({ key, operator: 'Exists', values: [] });
      } else if (
        token.kind === 'op' &&
        (token.text === '=' || token.text === '==' || token.text === '!=')
      ) {
        pos += 1;
        const next = peek();
        // `a=` selects the empty value, which is a legal label value.
        const value = next.kind === 'word' ? (pos++, next.text) : '';
        checkValue(value);
        requirements.push({
          key,
          operator: token.text === '!=' ? 'NotIn' : 'In',
          values: [value],
        });
      } else if (
        token.kind === 'word' &&
        (token.text === 'in' || token.text === 'notin')
      ) {
        pos += 1;
        const open = tokens[pos++];
        if (open.kind !== 'op' || open.text !== '(') {
          fail(`expected "(" after ${token.text} in "${input}"`);
        }
        const values: string[] = [];
        for (;;) {
          const next = tokens[pos++];
          if (next.kind === 'word') {
            checkValue(next.text);
            values.push(next.text);
          } else if (next.kind === 'op' && next.text === ')') {
            break;
          } else if (!(next.kind === 'op' && next.text === ',')) {
            fail(`expected a value or ")" in "${input}"`);
          }
        }
        if (values.length === 0) {
          fail(`for '${token.text}' operator, at least one value is required`);
        }
        requirements.push({
          key,
          operator: token.text === 'in' ? 'In' : 'NotIn',
          values,
        });
      } else {
        fail(
          `found '${token.text}', expected: in, notin, =, ==, !=, ',' or end of string`,
        );
      }
    }
    const after = tokens[pos++];
    if (after.kind === 'end') {
      return requirements;
    }
    if (!(after.kind === 'op' && after.text === ',')) {
      fail(`expected "," between requirements in "${input}"`);
    }
  }
}

/** Converts a workload's `spec.selector`. An absent or empty selector matches everything, as in Kubernetes. */
export function labelSelectorFromSpec(
  spec: LabelSelectorSpec | undefined,
): LabelSelector {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) {
    requirements.push({ key, operator: 'In', values: [value] });
  }
  for (const expression of spec?.matchExpressions ?? []) {
    const operator = expression.operator as SelectorOperator;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
      throw new SelectorParseError(
        `"${expression.operator}" is not a valid label selector operator`,
      );
    }
    requirements.push({
      key: expression.key,
      operator,
      values: expression.values ?? [],
    });
  }
  return requirements;
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  return selector.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(actual, requirement.key);
    switch (requirement.operator) {
      case 'In':
        return has && requirement.values.includes(actual[requirement.key]);
      case 'NotIn':
        // `!=` and `notin` also match objects that lack the label, as in Kubernetes.
        return !has || !requirement.values.includes(actual[requirement.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** The string form of a structured selector, as kubectl and Scale.status.selector show it. */
export function formatLabelSelector(
  spec: LabelSelectorSpec | undefined,
): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) {
    parts.push(`${key}=${value}`);
  }
  for (const expression of spec?.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    switch (expression.operator) {
      case 'In':
        parts.push(`${expression.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${expression.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(expression.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${expression.key}`);
        break;
      default:
        break;
    }
  }
  return parts.join(',');
}
