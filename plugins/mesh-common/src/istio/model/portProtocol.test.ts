import { routeTableForProtocol, servicePortProtocol } from './portProtocol';

describe('servicePortProtocol', () => {
  it('takes appProtocol first, then the name prefix, and leaves undeclared ports to sniffing', () => {
    expect(
      servicePortProtocol({ port: 80, name: 'http-web', appProtocol: 'GRPC' }),
    ).toBe('grpc');
    expect(
      servicePortProtocol({ port: 80, appProtocol: 'kubernetes.io/h2c' }),
    ).toBe('http2');
    expect(servicePortProtocol({ port: 80, name: 'tcp-db' })).toBe('tcp');
    expect(servicePortProtocol({ port: 80, name: 'web' })).toBeUndefined();
    // An appProtocol Istio does not know makes the port TCP.
    expect(
      servicePortProtocol({ port: 80, name: 'http', appProtocol: 'thrift' }),
    ).toBe('tcp');
  });
});

describe('routeTableForProtocol', () => {
  it('maps Istio protocols to the route table a sidecar uses', () => {
    expect(
      ['HTTP', 'http2', 'GRPC', 'grpc-web'].map(routeTableForProtocol),
    ).toEqual(['http', 'http', 'http', 'http']);
    expect(['HTTPS', 'TLS'].map(routeTableForProtocol)).toEqual(['tls', 'tls']);
    expect(
      ['TCP', 'MONGO', 'MySQL', 'redis'].map(routeTableForProtocol),
    ).toEqual(['tcp', 'tcp', 'tcp', 'tcp']);
    expect([undefined, 'UDP', 'unknown'].map(routeTableForProtocol)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
