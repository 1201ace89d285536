import { UsageError } from './parseArgs';

export { resolveWorkload } from '@meshport/plugin-mesh-common';
export type { ResolvedWorkload } from '@meshport/plugin-mesh-common';

/** Splits `ns/name`; a bare name is in `default`, as kubectl would read it. */
export function splitRef(
  ref: string,
  flagName: string,
): { namespace: string; name: string } {
  const parts = ref.split('/');
  if (parts.length > 2 || parts.some(p => p.length === 0))
    throw new UsageError(`--${flagName} must be namespace/name, not "${ref}"`);
  return parts.length === 2
    ? { namespace: parts[0], name: parts[1] }
    : { namespace: 'default', name: parts[0] };
}
