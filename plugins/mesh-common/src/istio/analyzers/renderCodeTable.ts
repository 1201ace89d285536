import { allCodes } from './codes';
import { ANALYZERS } from './registry';

/** Codes reported outside the analyzers: by validation, or by the CLI while reading files. */
const OTHER_REPORTERS: Record<string, string> = {
  IST0106: 'validation',
  IST0122: 'validation',
  MSH0001: 'validation',
  MSH0002: 'meshport CLI (file loading)',
  MSH0003: 'meshport CLI (file loading)',
};

/** Which analyzers (or other stages) report each code. */
export function reportersByCode(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [code, who] of Object.entries(OTHER_REPORTERS))
    out.set(code, [who]);
  for (const a of ANALYZERS)
    for (const c of a.codes) out.set(c, [...(out.get(c) ?? []), a.name]);
  return out;
}

/** The markdown of docs/analyzers.md: one row per code, rendered from the code table. */
export function renderCodeTable(): string {
  const reporters = reportersByCode();
  const rows = allCodes().map(c => {
    const origin = c.code.startsWith('IST') ? 'istioctl' : 'Meshport';
    return `| ${c.code} | ${c.name} | ${c.level} | ${origin} | ${(reporters.get(c.code) ?? []).join(', ')} | ${c.description.replace(/\|/g, '\\|')} |`;
  });
  return [
    '# Meshport analyzer codes',
    '',
    '<!-- Generated from src/istio/analyzers/codes.ts by `node --import tsx scripts/generateAnalyzerDocs.ts`; a test fails when it is stale. -->',
    '',
    "`IST0xxx` codes mean what `istioctl analyze` means by them; `MSH0xxx` codes are Meshport's own.",
    'Every finding carries level, code, message, resource (kind, namespace, name) and the field path it is about.',
    '',
    '| Code | Name | Level | Origin | Reported by | Meaning |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
