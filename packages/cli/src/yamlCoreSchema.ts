import jsyaml from 'js-yaml';

// js-yaml reads manifests an order of magnitude faster than `yaml`, but its JSON/core schema
// resolves plain scalars a little differently (`0b101` is a number there, `+.5` a string). These
// types resolve exactly as the `yaml` library's YAML 1.2 core schema does, so both readers agree
// on every value; `yaml` still parses whatever js-yaml refuses, and gives positions.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_DECIMAL = /^[-+]?[0-9]+$/;
const INT_OCTAL = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_PLAIN = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

// Every plain scalar is offered to every implicit type; a look at the first character spares
// the regexes for the names, labels and paths that make up most of a manifest.
const mayBeNumber = (s: string) => {
  const c = s.charCodeAt(0);
  return (
    (c >= 48 && c <= 57) || c === 43 /* + */ || c === 45 /* - */ || c === 46
  ); /* . */
};

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: unknown) =>
    typeof s === 'string' && s.length <= 4 && NULL.test(s),
  construct: () => null,
});

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: unknown) =>
    typeof s === 'string' && s.length >= 4 && s.length <= 5 && BOOL.test(s),
  construct: (s: string) => s[0] === 't' || s[0] === 'T',
});

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: unknown) =>
    typeof s === 'string' &&
    mayBeNumber(s) &&
    (INT_DECIMAL.test(s) || INT_OCTAL.test(s) || INT_HEX.test(s)),
  construct: (s: string) => {
    if (INT_OCTAL.test(s)) return parseInt(s.slice(2), 8);
    if (INT_HEX.test(s)) return parseInt(s.slice(2), 16);
    return parseInt(s, 10);
  },
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: unknown) =>
    typeof s === 'string' &&
    mayBeNumber(s) &&
    (FLOAT_SPECIAL.test(s) || FLOAT_EXP.test(s) || FLOAT_PLAIN.test(s)),
  construct: (s: string) => {
    if (!FLOAT_SPECIAL.test(s)) return parseFloat(s);
    if (s.slice(-3).toLowerCase() === 'nan') return NaN;
    return s.startsWith('-') ? -Infinity : Infinity;
  },
});

/** YAML 1.2 core schema with the `yaml` library's scalar resolution, for js-yaml. */
export const yamlCoreSchema = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType],
});
