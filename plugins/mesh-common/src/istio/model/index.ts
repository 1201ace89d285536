export * from './common';
export * from './networking';
export * from './security';
export * from './extensions';
export * from './gatewayApi';
export * from './portProtocol';
