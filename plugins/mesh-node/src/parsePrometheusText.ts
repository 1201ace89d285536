import { InputError } from '@backstage/errors';

/** One sample line of the text exposition format. */
export interface ExpositionSample {
  /** The full series name as exposed, e.g. `istio_request_duration_milliseconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  /** May be NaN or ±Infinity, as the format allows. */
  value: number;
  /** Milliseconds since the epoch, when the line carries one. */
  timestampMs?: number;
}

/**
 * Parses Prometheus's text exposition format (version 0.0.4), as served by Envoy's and the
 * sandbox's `/metrics`.
 *
 * Hand-written rather than a dependency: the line grammar is small (name, optional label set,
 * value, optional timestamp, `#` comments) and we only need counters and histograms, whose
 * `_bucket`, `_sum` and `_count` are plain sample lines, so HELP/TYPE metadata can be skipped.
 * Like Prometheus, one malformed line fails the whole exposition (InputError naming the line)
 * rather than silently losing series.
 */
export function parsePrometheusText(text: string): ExpositionSample[] {
  const samples: ExpositionSample[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber += 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    const trimmed = line.trim();
    // `# HELP` and `# TYPE` only describe; every sample line stands on its own, so they are skipped
    // with other comments.
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    samples.push(parseSampleLine(trimmed, lineNumber));
  }
  return samples;
}

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_CHAR = /[a-zA-Z0-9_]/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function parseSampleLine(line: string, lineNumber: number): ExpositionSample {
  const fail = (why: string): never => {
    throw new InputError(`line ${lineNumber}: ${why}: ${line.slice(0, 200)}`);
  };
  let i = 0;
  if (!NAME_START.test(line[i] ?? '')) fail('expected a metric name');
  while (i < line.length && NAME_CHAR.test(line[i])) i += 1;
  const name = line.slice(0, i);
  const labels: Record<string, string> = {};
  const skipBlanks = () => {
    while (line[i] === ' ' || line[i] === '\t') i += 1;
  };
  skipBlanks();
  if (line[i] === '{') {
    i += 1;
    for (;;) {
      skipBlanks();
      if (line[i] === '}') {
        i += 1;
        break;
      }
      const labelStart = i;
      if (!LABEL_START.test(line[i] ?? '')) fail('expected a label name');
      while (i < line.length && LABEL_CHAR.test(line[i])) i += 1;
      const label = line.slice(labelStart, i);
      skipBlanks();
      if (line[i] !== '=') fail(`expected = after label ${label}`);
      i += 1;
      skipBlanks();
      if (line[i] !== '"') fail(`expected a quoted value for label ${label}`);
      i += 1;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) fail(`unterminated value for label ${label}`);
        i += 1;
        if (c === '"') break;
        if (c === '\\') {
          const next = line[i];
          i += 1;
          // The format defines \\, \" and \n; Prometheus keeps any other escape as written.
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else if (next === undefined)
            fail(`unterminated value for label ${label}`);
          else value += `\\${next}`;
        } else {
          value += c;
        }
      }
      if (label in labels) fail(`duplicate label ${label}`);
      labels[label] = value;
      skipBlanks();
      if (line[i] === ',') {
        i += 1;
      } else if (line[i] !== '}') {
        fail('expected , or } after a label value');
      }
    }
  } else if (i < line.length && line[i - 1] !== ' ' && line[i - 1] !== '\t') {
    fail('expected a space after the metric name');
  }
  const rest = line
    .slice(i)
    .trim()
    .split(/[ \t]+/);
  if (rest.length < 1 || rest[0] === '') fail('expected a value');
  if (rest.length > 2) fail('unexpected text after the timestamp');
  const value = parseValue(rest[0]);
  if (value === undefined) fail(`not a number: ${rest[0]}`);
  const sample: ExpositionSample = { name, labels, value: value! };
  if (rest.length === 2) {
    if (!INTEGER.test(rest[1])) fail(`not a timestamp: ${rest[1]}`);
    sample.timestampMs = Number(rest[1]);
  }
  return sample;
}

/** Go's ParseFloat as Prometheus uses it: decimals, exponents, NaN and ±Inf (any case). */
function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  return FLOAT.test(text) ? Number(text) : undefined;
}
