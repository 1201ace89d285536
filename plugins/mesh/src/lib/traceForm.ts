import { TraceRequestBody } from '@meshport/plugin-mesh-common';

/** What the tracer form holds: every field as typed. */
export interface TraceFormState {
  /** Empty: the entity's first cluster. */
  cluster: string;
  /** `namespace/workload` or `gateway:ns/name`; empty: no particular caller. */
  from: string;
  host: string;
  port: string;
  method: string;
  path: string;
  /** `name=value`, one a line. */
  headers: string;
  /** Empty: the destination port's protocol decides. */
  protocol: '' | 'http' | 'tcp' | 'tls';
}

export type TraceFormErrors = Partial<Record<keyof TraceFormState, string>>;

export type TraceFormResult =
  { ok: true; body: TraceRequestBody } | { ok: false; errors: TraceFormErrors };

/**
 * `name=value` lines to a header map. Blank lines and `#` comments are skipped; `name: value`
 * is accepted too, since that is how headers are usually copied. Names are lower-cased (HTTP/2).
 */
export function parseHeaderLines(text: string): {
  headers: Record<string, string>;
  errors: string[];
} {
  const headers: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const colon = line.indexOf(':', line.startsWith(':') ? 1 : 0);
    let at = eq;
    if (at < 0 || (colon > 0 && colon < at)) at = colon;
    const name = at > 0 ? line.slice(0, at).trim().toLowerCase() : '';
    if (!name || /\s/.test(name)) {
      errors.push(`line ${i + 1}: expected name=value, got "${line}"`);
      return;
    }
    headers[name] = line.slice(at + 1).trim();
  });
  return { headers, errors };
}

/**
 * The form as the body of `POST …/trace`: empty fields are left out so the backend applies its
 * defaults, and HTTP-only fields are not sent for a TCP or TLS trace.
 */
export function buildTraceRequest(form: TraceFormState): TraceFormResult {
  const errors: TraceFormErrors = {};
  const body: TraceRequestBody = {};
  const text = (v: string) => v.trim();

  if (text(form.cluster)) body.cluster = text(form.cluster);
  const from = text(form.from);
  if (from) {
    if (!/^(gateway:)?[^/\s]+\/[^/\s]+$/.test(from))
      errors.from = 'Write namespace/workload, or gateway:namespace/name';
    else body.from = from;
  }
  const host = text(form.host);
  if (host) {
    if (host.length > 253 || /\s/.test(host))
      errors.host = 'A host name has no spaces and at most 253 characters';
    else body.host = host;
  }
  const port = text(form.port);
  if (port) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535)
      errors.port = 'A port is a number from 1 to 65535';
    else body.port = n;
  }
  if (form.protocol) body.protocol = form.protocol;

  if (form.protocol !== 'tcp' && form.protocol !== 'tls') {
    const method = text(form.method).toUpperCase();
    if (method) {
      if (!/^[A-Z]{1,20}$/.test(method))
        errors.method = 'A method is a word such as GET or POST';
      else body.method = method;
    }
    const path = text(form.path);
    if (path) {
      if (!path.startsWith('/')) errors.path = 'A path starts with /';
      else if (path.length > 2048) errors.path = 'At most 2048 characters';
      else body.path = path;
    }
    const parsed = parseHeaderLines(form.headers);
    if (parsed.errors.length) errors.headers = parsed.errors.join('; ');
    else if (Object.keys(parsed.headers).length) body.headers = parsed.headers;
  }

  return Object.keys(errors).length
    ? { ok: false, errors }
    : { ok: true, body };
}
