export * from './types';
export * from './renderPromQL';
export * from './preferredValues';
export * from './histogramQuantile';
export * from './seriesMatches';
export * from './istioLabels';
export * from './recordingRules';
export * from './recordingRulesYaml';
