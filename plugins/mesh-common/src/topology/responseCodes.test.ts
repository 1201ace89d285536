import {
  effectiveResponseCode,
  responseClass,
  responseCodeRecord,
} from './responseCodes';

describe('responseCodeRecord', () => {
  it('is the record Object.fromEntries gives: same codes, same order, same JSON', () => {
    const codes: Array<[string, number]> = [
      ['503', 1.5],
      ['200', 8],
      ['0', 0.25],
      ['404', 0.5],
    ];
    const record = responseCodeRecord(codes);
    expect(record).toEqual(Object.fromEntries(codes));
    expect(Object.keys(record)).toEqual(['0', '200', '404', '503']);
    expect(JSON.stringify(record)).toBe(
      JSON.stringify(Object.fromEntries(codes)),
    );
  });

  it('takes a Map, and is empty for no codes', () => {
    expect(responseCodeRecord(new Map([['200', 3]]))).toEqual({ '200': 3 });
    expect(responseCodeRecord([])).toEqual({});
    expect(JSON.stringify(responseCodeRecord([]))).toBe('{}');
  });
});

describe('response codes', () => {
  it('counts a failed gRPC call behind HTTP 200 as its HTTP equivalent', () => {
    const grpc = { request_protocol: 'grpc', response_code: '200' };
    expect(effectiveResponseCode({ ...grpc, grpc_response_status: '14' })).toBe(
      '503',
    );
    expect(effectiveResponseCode({ ...grpc, grpc_response_status: '0' })).toBe(
      '200',
    );
  });

  it('counts no response (0) as a server failure', () => {
    expect(responseClass('0')).toBe('5xx');
    expect(responseClass('404')).toBe('4xx');
    expect(responseClass('200')).toBe('other');
  });
});
