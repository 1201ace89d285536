export { analyze } from './analyze';
export { objectsToValidate } from './objectsOfInterest';
export { AnalysisContext } from './AnalysisContext';
export type { AnalyzeOptions } from './AnalysisContext';
export type { Analyzer } from './analyzer';
export { ANALYZERS } from './registry';
export { CODES, allCodes, codeInfo } from './codes';
export type { Code, CodeInfo } from './codes';
