// Writes docs/analyzers.md from the code table. Run from plugins/mesh-common:
//   node --import tsx scripts/generateAnalyzerDocs.ts
import fs from 'node:fs';
import path from 'node:path';
import { renderCodeTable } from '../src/istio/analyzers/renderCodeTable';

const out = path.resolve(__dirname, '../docs/analyzers.md');
fs.writeFileSync(out, renderCodeTable());
process.stdout.write(`wrote ${out}\n`);
