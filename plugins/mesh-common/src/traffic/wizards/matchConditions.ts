import { StringMatch } from '../../istio/model/common';
import { HTTPMatchRequest } from '../../istio/model/networking';
import { regexProblem } from '../../istio/validation/fieldFormats';
import { WizardFieldError } from './types';

/** What a request is matched on. */
export type MatchField = 'header' | 'uri' | 'method' | 'queryParam';
export type MatchKind = 'exact' | 'prefix' | 'regex';

/** One condition of a wizard's match; all conditions of a rule must hold. */
export interface MatchCondition {
  field: MatchField;
  /** Header or query parameter name; unused for `uri` and `method`. */
  name?: string;
  kind: MatchKind;
  value: string;
}

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * One Istio match block from the conditions (ANDed), or the errors at `<prefix>[i].name|value`.
 * Header names are lower-cased because Envoy compares them lower-cased.
 */
export function buildMatch(
  conditions: MatchCondition[],
  prefix: string,
): { match: HTTPMatchRequest; errors: WizardFieldError[] } {
  const match: HTTPMatchRequest = {};
  const errors: WizardFieldError[] = [];
  conditions.forEach((c, i) => {
    const at = `${prefix}[${i}]`;
    const value = c.value ?? '';
    if (value.length === 0 && c.kind !== 'prefix')
      errors.push({ field: `${at}.value`, message: 'is required' });
    if (c.kind === 'regex') {
      const problem = regexProblem(value);
      if (problem) errors.push({ field: `${at}.value`, message: problem });
    }
    const sm: StringMatch = { [c.kind]: value };
    if (c.field === 'uri') {
      if (c.kind !== 'regex' && !value.startsWith('/'))
        errors.push({ field: `${at}.value`, message: 'a path starts with /' });
      if (match.uri)
        errors.push({
          field: `${at}.field`,
          message: 'only one uri condition per rule',
        });
      match.uri = sm;
    } else if (c.field === 'method') {
      if (match.method)
        errors.push({
          field: `${at}.field`,
          message: 'only one method condition per rule',
        });
      match.method = c.kind === 'exact' ? { exact: value.toUpperCase() } : sm;
    } else {
      const name = (c.name ?? '').trim().toLowerCase();
      if (!name) errors.push({ field: `${at}.name`, message: 'is required' });
      else if (c.field === 'header' && !HEADER_NAME.test(name))
        errors.push({
          field: `${at}.name`,
          message: `"${c.name}" is not a header name`,
        });
      const key = c.field === 'header' ? 'headers' : 'queryParams';
      const map = (match[key] ??= {});
      if (name in map)
        errors.push({
          field: `${at}.name`,
          message: `"${name}" is already matched`,
        });
      // Istio matches query parameters by exact value or regex only.
      if (c.field === 'queryParam' && c.kind === 'prefix')
        errors.push({
          field: `${at}.kind`,
          message: 'query parameters match exactly or by regex',
        });
      map[name] = sm;
    }
  });
  return { match, errors };
}

/** The conditions in words, for notes: `header end-user = "jason"`. */
export function describeConditions(conditions: MatchCondition[]): string {
  const op = { exact: '=', prefix: 'starts with', regex: 'matches' };
  return conditions
    .map(c => {
      const subject =
        c.field === 'header' || c.field === 'queryParam'
          ? `${c.field === 'header' ? 'header' : 'query parameter'} ${c.name}`
          : c.field;
      return `${subject} ${op[c.kind]} "${c.value}"`;
    })
    .join(' and ');
}
