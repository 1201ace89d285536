import {
  authorizeRequest,
  AuthzRequest,
  principalOf,
} from '@meshport/plugin-mesh-common';
import { CliIO } from '../io';
import { loadIndex, parseFormat, parseHeaders, parsePort } from '../loadIndex';
import { flag, parseArgs, UsageError } from '../parseArgs';
import { resolveWorkload, splitRef } from '../resolveWorkload';

export const CAN_I_USAGE =
  'meshport can-i --from <ns/serviceaccount or ns/workload> --to <ns/workload> [--port N] [--method M] [--path P] [--header k=v]... [--mesh-config FILE] [--format json|text] <files...>';

/** `meshport can-i`: whether one call is allowed. Exit 0 allowed, 1 denied (like `kubectl auth can-i`). */
export function canICommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [
    'from',
    'to',
    'port',
    'method',
    'path',
    'header',
    'mesh-config',
    'format',
  ]);
  const format = parseFormat(flag(args, 'format'));
  const fromArg = flag(args, 'from');
  const toArg = flag(args, 'to');
  if (!fromArg || !toArg)
    throw new UsageError(`--from and --to are required\nusage: ${CAN_I_USAGE}`);
  const headers = parseHeaders(args.flags.get('header'));
  const { index, trustDomain } = loadIndex(
    args.positionals,
    flag(args, 'mesh-config'),
    io,
  );

  const toRef = splitRef(toArg, 'to');
  const to = resolveWorkload(index, toRef.namespace, toRef.name);
  if (!to)
    throw new UsageError(
      `--to ${toArg}: no Pod, Deployment or Service named ${toRef.name} in namespace ${toRef.namespace} in the given files`,
    );
  const port = parsePort(flag(args, 'port')) ?? to.port ?? 80;

  // --from names a workload when one by that name exists, otherwise a service account.
  const fromRef = splitRef(fromArg, 'from');
  const from = resolveWorkload(index, fromRef.namespace, fromRef.name);
  let source: AuthzRequest['source'];
  if (from?.pod) source = { namespace: from.namespace, pod: from.pod };
  else if (from)
    source = {
      namespace: from.namespace,
      labels: from.labels,
      principal: principalOf(from.namespace, from.serviceAccount, trustDomain),
    };
  else
    source = {
      namespace: fromRef.namespace,
      principal: principalOf(fromRef.namespace, fromRef.name, trustDomain),
    };

  const destination: AuthzRequest['destination'] = to.pod
    ? { namespace: to.namespace, pod: to.pod }
    : {
        namespace: to.namespace,
        labels: to.labels,
        ...(to.service ? { service: to.service.metadata.name } : {}),
      };
  const decision = authorizeRequest(index, {
    source,
    destination,
    port,
    method: flag(args, 'method'),
    path: flag(args, 'path'),
    headers,
    trustDomain,
  });

  if (format === 'json') io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
  else {
    const lines = decision.steps.map(
      (s, i) =>
        `${String(i + 1).padStart(2)}. ${s.message}${s.reason ? ` (${s.reason})` : ''}`,
    );
    const by = decision.policy
      ? ` by ${decision.action} policy ${decision.policy.namespace}/${decision.policy.name}${decision.ruleIndex !== null ? ` rule ${decision.ruleIndex}` : ''}`
      : '';
    io.stdout(
      `${lines.join('\n')}\n\n${decision.allowed ? 'yes' : 'no'}: ${decision.allowed ? 'allowed' : `denied (${decision.status})`}${by}\n${decision.reason}\n`,
    );
  }
  return decision.allowed ? 0 : 1;
}
