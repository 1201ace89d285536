import { AnalysisContext } from './AnalysisContext';
import { Code } from './codes';

/** One analyzer: a named pure check over the whole index that reports through the context. */
export interface Analyzer {
  name: string;
  /** Codes this analyzer may report; the docs table lists analyzers by code. */
  codes: Code[];
  run(ctx: AnalysisContext): void;
}
