import {
  isExternalService,
  isGatewayWorkload,
  parseServiceHost,
} from './nodeKinds';
import { effectiveResponseCode, responseClass } from './responseCodes';

describe('node kinds from Istio labels', () => {
  it('tells Kubernetes Services from external hosts and catch-all clusters', () => {
    expect(
      isExternalService({
        destination_service: 'reviews.bookinfo.svc.cluster.local',
      }),
    ).toBe(false);
    expect(
      isExternalService({
        destination_service: 'reviews.bookinfo.svc.corp.example:9080',
      }),
    ).toBe(true);
    expect(isExternalService({ destination_service: 'api.example.com' })).toBe(
      true,
    );
    expect(isExternalService({ destination_service: '10.0.0.7:443' })).toBe(
      true,
    );
    expect(
      isExternalService({
        destination_service: 'unknown',
        destination_service_name: 'BlackHoleCluster',
      }),
    ).toBe(true);
    expect(isExternalService({ destination_service: 'unknown' })).toBe(false);
  });

  it('recognises gateways by name, revisioned names, and -gateway apps in istio-system', () => {
    expect(
      isGatewayWorkload({
        namespace: 'istio-system',
        workload: 'istio-ingressgateway',
      }),
    ).toBe(true);
    expect(
      isGatewayWorkload({
        namespace: 'gw',
        workload: 'istio-egressgateway-canary',
      }),
    ).toBe(true);
    expect(
      isGatewayWorkload({
        namespace: 'istio-system',
        workload: 'x',
        app: 'payments-gateway',
      }),
    ).toBe(true);
    expect(
      isGatewayWorkload({
        namespace: 'shop',
        workload: 'x',
        app: 'payments-gateway',
      }),
    ).toBe(false);
    expect(
      isGatewayWorkload({ namespace: 'istio-system', workload: 'istiod' }),
    ).toBe(false);
    expect(
      isGatewayWorkload({
        namespace: 'shop',
        workload: 'istio-ingressgatewayish',
      }),
    ).toBe(false);
  });

  it('parses service hosts', () => {
    expect(parseServiceHost('reviews.bookinfo.svc.cluster.local')).toEqual({
      name: 'reviews',
      namespace: 'bookinfo',
    });
    expect(parseServiceHost('api.example.com')).toBeUndefined();
  });
});

describe('response codes', () => {
  it('counts gRPC errors by grpc status, HTTP by response code, 0 as a failure', () => {
    expect(
      effectiveResponseCode({
        request_protocol: 'grpc',
        response_code: '200',
        grpc_response_status: '7',
      }),
    ).toBe('403');
    expect(
      effectiveResponseCode({
        request_protocol: 'grpc',
        response_code: '200',
        grpc_response_status: '0',
      }),
    ).toBe('200');
    expect(
      effectiveResponseCode({
        request_protocol: 'grpc',
        response_code: '503',
        grpc_response_status: '14',
      }),
    ).toBe('503');
    expect(
      effectiveResponseCode({
        request_protocol: 'http',
        response_code: '200',
        grpc_response_status: '14',
      }),
    ).toBe('200');
    expect(responseClass('404')).toBe('4xx');
    expect(responseClass('504')).toBe('5xx');
    expect(responseClass('0')).toBe('5xx');
    expect(responseClass('302')).toBe('other');
  });
});
