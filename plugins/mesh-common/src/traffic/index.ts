export * from './buildClusterTraffic';
export * from './describeMatch';
export * from './describeRouteActions';
export * from './describeTrafficPolicy';
export * from './describeResources';
export * from './gatewayServers';
export * from './localRateLimit';
export * from './ruleRows';
