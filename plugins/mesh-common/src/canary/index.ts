export { formatCanaryDuration, formatCanaryNumber } from './canaryFormat';
export * from './canaryWeights';
export * from './canaryWorkloads';
export * from './canaryCheckQuery';
export * from './evaluateCanaryCheck';
export * from './decideCanaryStep';
export * from './canaryRouteManifests';
export * from './routeSpecEdited';
export * from './describeCanaryPlan';
