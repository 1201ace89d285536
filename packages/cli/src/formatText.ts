import type { LocatedFinding } from './commands/analyzeCommand';

/** istioctl's familiar line shape: `Error [IST0101] (VirtualService name.ns) message`, plus where. */
export function formatFindingsText(findings: LocatedFinding[]): string {
  if (findings.length === 0) return '✔ No validation issues found.\n';
  const lines = findings.map(f => {
    const r = f.resource;
    const who =
      r.kind === 'File'
        ? r.name
        : `${r.kind} ${r.name}${r.namespace ? `.${r.namespace}` : ''}`;
    const where = f.file && r.kind !== 'File' ? ` [${f.file}:${f.line}]` : '';
    const path = f.path && !f.message.startsWith(f.path) ? ` ${f.path}:` : '';
    return `${f.level} [${f.code}] (${who})${path} ${f.message}${where}`;
  });
  const count = (l: string) => findings.filter(f => f.level === l).length;
  return `${lines.join('\n')}\n${count('Error')} error(s), ${count('Warning')} warning(s), ${count('Info')} info\n`;
}
