import fs from 'node:fs';
import path from 'node:path';
import { allCodes } from './codes';
import { renderCodeTable, reportersByCode } from './renderCodeTable';

describe('analyzer code table', () => {
  it('matches docs/analyzers.md (regenerate with node --import tsx scripts/generateAnalyzerDocs.ts)', () => {
    const doc = fs.readFileSync(
      path.resolve(__dirname, '../../../docs/analyzers.md'),
      'utf8',
    );
    expect(doc).toBe(renderCodeTable());
  });

  it('has a reporter for every code, and a row for every code reported', () => {
    const reporters = reportersByCode();
    expect(
      allCodes()
        .filter(c => !reporters.has(c.code))
        .map(c => c.code),
    ).toEqual([]);
    const known = new Set(allCodes().map(c => c.code));
    expect([...reporters.keys()].filter(c => !known.has(c))).toEqual([]);
  });
});
