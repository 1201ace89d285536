import { parse } from 'diff2html';

export type DiffRowType = 'hunk' | 'insert' | 'delete' | 'context';

/** One line of a unified diff as the diff view draws it. */
export interface DiffRow {
  type: DiffRowType;
  /** Line number before the change (absent for inserted lines and hunk headers). */
  oldNumber?: number;
  /** Line number after the change (absent for deleted lines and hunk headers). */
  newNumber?: number;
  /** The line without its `+`/`-`/` ` prefix; the hunk header for `hunk` rows. */
  text: string;
}

const ROW_TYPE: Record<string, DiffRowType> = {
  insert: 'insert',
  delete: 'delete',
  context: 'context',
};

/**
 * Reads the backend's unified diff with diff2html's parser. diff2html only recognises a diff
 * that starts with file headers, and the backend's diff of one object may come without them,
 * so headers are added when missing.
 */
export function parseUnifiedDiff(diff: string): DiffRow[] {
  if (!diff.trim()) return [];
  const withHeaders = /^(---|diff |Index: )/m.test(diff)
    ? diff
    : `--- live\n+++ after\n${diff}`;
  const rows: DiffRow[] = [];
  for (const file of parse(withHeaders)) {
    for (const block of file.blocks) {
      rows.push({ type: 'hunk', text: block.header });
      for (const line of block.lines) {
        rows.push({
          type: ROW_TYPE[line.type] ?? 'context',
          oldNumber: line.oldNumber ?? undefined,
          newNumber: line.newNumber ?? undefined,
          text: line.content.slice(1),
        });
      }
    }
  }
  return rows;
}
