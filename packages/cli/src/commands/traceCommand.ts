import {
  RequestSource,
  RouteRequest,
  traceRequest,
} from '@meshport/plugin-mesh-common';
import { CliIO } from '../io';
import { loadIndex, parseFormat, parseHeaders, parsePort } from '../loadIndex';
import { flag, parseArgs, UsageError } from '../parseArgs';
import { resolveWorkload, splitRef } from '../resolveWorkload';

export const TRACE_USAGE =
  'meshport trace --host H [--port N] [--method M] [--path P] [--header k=v]... [--protocol http|tcp|tls] [--sni NAME] [--from ns/workload] [--gateway ns/name] [--mesh-config FILE] [--format json|text] <files...>';

type Protocol = NonNullable<RouteRequest['protocol']>;
// A Record over the union, so a protocol added to RouteRequest must be added here too.
const PROTOCOLS: Record<Protocol, true> = { http: true, tcp: true, tls: true };

function parseProtocol(value: string | undefined): Protocol | undefined {
  if (value === undefined) return undefined;
  const p = value.toLowerCase();
  if (!Object.hasOwn(PROTOCOLS, p))
    throw new UsageError(`--protocol must be http, tcp or tls, not ${value}`);
  return p as Protocol;
}

/** `meshport trace`: where one request goes. Exit 0 when it is routed, 1 when no route takes it. */
export function traceCommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [
    'host',
    'port',
    'method',
    'path',
    'header',
    'protocol',
    'sni',
    'from',
    'gateway',
    'mesh-config',
    'format',
  ]);
  const format = parseFormat(flag(args, 'format'));
  const host = flag(args, 'host');
  if (!host) throw new UsageError(`--host is required\nusage: ${TRACE_USAGE}`);
  const port = parsePort(flag(args, 'port'));
  const protocol = parseProtocol(flag(args, 'protocol'));
  const headers = parseHeaders(args.flags.get('header'));
  const { index } = loadIndex(args.positionals, flag(args, 'mesh-config'), io);

  let source: RequestSource | undefined;
  const from = flag(args, 'from');
  if (from) {
    const ref = splitRef(from, 'from');
    const w = resolveWorkload(index, ref.namespace, ref.name);
    if (!w)
      throw new UsageError(
        `--from ${from}: no Pod, Deployment or Service named ${ref.name} in namespace ${ref.namespace} in the given files`,
      );
    source = w.pod
      ? { pod: w.pod, namespace: w.namespace }
      : { namespace: w.namespace, labels: w.labels };
  }
  const gateway = flag(args, 'gateway');
  if (gateway)
    source = {
      ...(source ?? {}),
      gateway: gateway.includes('/') ? gateway : `default/${gateway}`,
    };

  const trace = traceRequest(index, {
    host,
    port,
    protocol,
    sni: flag(args, 'sni'),
    method: flag(args, 'method'),
    path: flag(args, 'path'),
    headers,
    source,
  });
  if (format === 'json') io.stdout(`${JSON.stringify(trace, null, 2)}\n`);
  else {
    const lines = trace.steps.map(
      (s, i) =>
        `${String(i + 1).padStart(2)}. ${s.message}${s.reason ? ` (${s.reason})` : ''}`,
    );
    const vs = trace.virtualService
      ? `${trace.virtualService.namespace}/${trace.virtualService.name} rule ${trace.ruleIndex}`
      : 'none';
    const dests = trace.destinations.map(
      d =>
        `  ${d.weight}% → ${d.host}${d.subset ? ` subset ${d.subset}` : ''}${d.port ? `:${d.port}` : ''}${d.known ? '' : ' (unknown host)'}${d.subsetMissing ? ' (subset missing: 503)' : ''}`,
    );
    const extras = [
      trace.timeout ? `timeout ${trace.timeout}` : '',
      trace.retries
        ? `retries ${trace.retries.attempts}${trace.retries.source === 'default' ? ' (Istio default)' : ''}`
        : '',
      trace.fault ? `fault ${JSON.stringify(trace.fault)}` : '',
      ...trace.mirror.map(
        m =>
          `mirror ${m.percentage}% to ${m.host}${m.subset ? ` subset ${m.subset}` : ''}`,
      ),
    ].filter(Boolean);
    io.stdout(
      `${lines.join('\n')}\n\noutcome: ${trace.outcome}${trace.request.protocol === 'http' ? '' : ` (${trace.request.protocol.toUpperCase()} routes)`}\nvirtual service: ${vs}\n${dests.length ? `destinations:\n${dests.join('\n')}\n` : ''}${extras.length ? `${extras.join('\n')}\n` : ''}`,
    );
  }
  return trace.outcome === 'no-route' ? 1 : 0;
}
