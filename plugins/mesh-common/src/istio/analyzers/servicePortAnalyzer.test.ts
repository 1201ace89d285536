import { protocolFromPortName } from '../model/portProtocol';
import { servicePortAnalyzer } from './servicePortAnalyzer';
import { runAnalyzer, service, summary } from './testFixtures';

describe('servicePortAnalyzer', () => {
  it('reads protocols from port names', () => {
    expect(protocolFromPortName('grpc-web-api')).toBe('grpc-web');
    expect(protocolFromPortName('http')).toBe('http');
    expect(protocolFromPortName('https-admin')).toBe('https');
    expect(protocolFromPortName('web')).toBeUndefined();
    expect(protocolFromPortName('httpx')).toBeUndefined();
  });

  it('reports unnamed protocols, unknown and contradicting appProtocols', () => {
    const svc = service('s', 'prod', { app: 's' }, [
      { name: 'http', port: 80 },
      { name: 'web', port: 8080 },
      { name: 'metrics', port: 9090, appProtocol: 'http' },
      { name: 'grpc-api', port: 9000, appProtocol: 'http' },
      { name: 'x', port: 7000, appProtocol: 'quic' },
      { name: 'h2', port: 7001, appProtocol: 'kubernetes.io/h2c' },
    ]);
    expect(summary(runAnalyzer(servicePortAnalyzer, [svc]))).toEqual([
      'IST0118 Service/s spec.ports[1].name',
      'MSH0106 Service/s spec.ports[3].appProtocol',
      'MSH0106 Service/s spec.ports[4].appProtocol',
    ]);
  });
});
