import { SelectorParseError } from './SelectorParseError';
import { KubeObject } from './types';

/** Field selectors (`?fieldSelector=metadata.name=reviews,status.phase!=Running`). */

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Splits on a separator that is not escaped with a backslash, as k8s.io/apimachinery/pkg/fields does. */
function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i];
    if (ch === '\\' && i + 1 < input.length) {
      current += ch + input[i + 1];
      i += 1;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Finds the first unescaped operator; `!=` and `==` are tried before `=` at each position. */
function findOperator(
  term: string,
): { index: number; text: '!=' | '==' | '=' } | undefined {
  for (let i = 0; i < term.length; i += 1) {
    if (term[i] === '\\') {
      i += 1;
    } else if (term.startsWith('!=', i)) {
      return { index: i, text: '!=' };
    } else if (term.startsWith('==', i)) {
      return { index: i, text: '==' };
    } else if (term[i] === '=') {
      return { index: i, text: '=' };
    }
  }
  return undefined;
}

export function parseFieldSelector(input: string): FieldRequirement[] {
  if (input.trim() === '') {
    return [];
  }
  return splitUnescaped(input, ',').map(term => {
    const operator = findOperator(term);
    if (!operator) {
      throw new SelectorParseError(
        `invalid selector: '${input}'; can't understand '${term}'`,
      );
    }
    const field = term.slice(0, operator.index).trim();
    if (field === '') {
      throw new SelectorParseError(
        `invalid selector: '${input}'; missing field name in '${term}'`,
      );
    }
    return {
      field,
      operator: operator.text === '!=' ? '!=' : '=',
      value: unescape(term.slice(operator.index + operator.text.length)),
    };
  });
}

/** The string a field selector compares against: absent fields are "", booleans and numbers are their text. */
export function fieldValue(object: KubeObject, field: string): string {
  let current: unknown = object;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') {
      return '';
    }
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) {
    return '';
  }
  return typeof current === 'object'
    ? JSON.stringify(current)
    : String(current);
}

export function matchesFields(
  requirements: FieldRequirement[],
  object: KubeObject,
): boolean {
  return requirements.every(requirement => {
    const actual = fieldValue(object, requirement.field);
    return requirement.operator === '='
      ? actual === requirement.value
      : actual !== requirement.value;
  });
}
