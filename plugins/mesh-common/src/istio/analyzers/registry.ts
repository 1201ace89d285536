import { annotationAnalyzer } from './annotationAnalyzer';
import { Analyzer } from './analyzer';
import { deploymentServicesAnalyzer } from './deploymentServicesAnalyzer';
import { destinationRuleAnalyzer } from './destinationRuleAnalyzer';
import { gatewayAnalyzer } from './gatewayAnalyzer';
import { gatewayApiReferences } from './gatewayApiReferences';
import { injectionAnalyzer } from './injectionAnalyzer';
import { jwtClaimRouting } from './jwtClaimRouting';
import { mtlsConflicts } from './mtlsConflicts';
import { policyAnalyzer } from './policyAnalyzer';
import { serviceEntryAnalyzer } from './serviceEntryAnalyzer';
import { servicePortAnalyzer } from './servicePortAnalyzer';
import { sidecarAnalyzer } from './sidecarAnalyzer';
import { telemetryAnalyzer } from './telemetryAnalyzer';
import { virtualServiceConflicts } from './virtualServiceConflicts';
import { virtualServiceReachability } from './virtualServiceReachability';
import { virtualServiceReferences } from './virtualServiceReferences';

/** All analyzers, in the order they run. */
export const ANALYZERS: Analyzer[] = [
  virtualServiceReferences,
  virtualServiceConflicts,
  virtualServiceReachability,
  gatewayAnalyzer,
  gatewayApiReferences,
  destinationRuleAnalyzer,
  mtlsConflicts,
  policyAnalyzer,
  sidecarAnalyzer,
  telemetryAnalyzer,
  servicePortAnalyzer,
  deploymentServicesAnalyzer,
  serviceEntryAnalyzer,
  injectionAnalyzer,
  annotationAnalyzer,
  jwtClaimRouting,
];
