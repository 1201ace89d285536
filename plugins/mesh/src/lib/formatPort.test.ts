import { formatPort } from './formatPort';

describe('formatPort', () => {
  it('shows name, port, protocol, target and appProtocol', () => {
    expect(
      formatPort({
        name: 'grpc-api',
        port: 80,
        protocol: 'TCP',
        targetPort: 8080,
        appProtocol: 'grpc',
      }),
    ).toBe('grpc-api 80/TCP → 8080 (appProtocol grpc)');
  });

  it('omits a target port equal to the port and defaults the protocol to TCP', () => {
    expect(formatPort({ port: 9080, targetPort: '9080' })).toBe('9080/TCP');
  });
});
