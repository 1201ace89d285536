export * from './describeAttachment';
export * from './describeAuthorizationPolicy';
export * from './describePeerAuthentication';
export * from './describeRequestAuthentication';
export * from './workloadIdentity';
export * from './buildClusterSecurity';
export * from './compareObservedAccess';
