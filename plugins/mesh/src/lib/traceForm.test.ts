import {
  buildTraceRequest,
  parseHeaderLines,
  TraceFormState,
} from './traceForm';

const form = (over: Partial<TraceFormState> = {}): TraceFormState => ({
  cluster: '',
  from: '',
  host: '',
  port: '',
  method: '',
  path: '',
  headers: '',
  protocol: '',
  ...over,
});

describe('parseHeaderLines', () => {
  it('reads name=value and name: value lines, lower-casing names', () => {
    expect(
      parseHeaderLines('End-User=jason\n\n# comment\nx-b: 1=2\n:authority=a.b'),
    ).toEqual({
      headers: { 'end-user': 'jason', 'x-b': '1=2', ':authority': 'a.b' },
      errors: [],
    });
  });

  it('reports lines without a name', () => {
    expect(parseHeaderLines('=x\njust-text').errors).toEqual([
      'line 1: expected name=value, got "=x"',
      'line 2: expected name=value, got "just-text"',
    ]);
  });
});

describe('buildTraceRequest', () => {
  it('leaves out empty fields so the backend applies its defaults', () => {
    expect(buildTraceRequest(form())).toEqual({ ok: true, body: {} });
  });

  it('builds a full HTTP trace body', () => {
    expect(
      buildTraceRequest(
        form({
          cluster: 'east',
          from: ' bookinfo/productpage-v1 ',
          host: 'reviews.bookinfo.svc.cluster.local',
          port: '9080',
          method: 'get',
          path: '/reviews/1',
          headers: 'end-user=jason',
          protocol: 'http',
        }),
      ),
    ).toEqual({
      ok: true,
      body: {
        cluster: 'east',
        from: 'bookinfo/productpage-v1',
        host: 'reviews.bookinfo.svc.cluster.local',
        port: 9080,
        method: 'GET',
        path: '/reviews/1',
        headers: { 'end-user': 'jason' },
        protocol: 'http',
      },
    });
  });

  it('does not send HTTP fields for a TCP trace', () => {
    expect(
      buildTraceRequest(
        form({ protocol: 'tcp', method: 'GET', path: '/', headers: 'a=b' }),
      ),
    ).toEqual({ ok: true, body: { protocol: 'tcp' } });
  });

  it('accepts a gateway as the caller', () => {
    expect(
      buildTraceRequest(form({ from: 'gateway:istio-system/ingress' })),
    ).toEqual({ ok: true, body: { from: 'gateway:istio-system/ingress' } });
  });

  it('reports each bad field', () => {
    const result = buildTraceRequest(
      form({
        from: 'productpage',
        port: '70000',
        method: 'GE T',
        path: 'reviews',
        headers: 'nope',
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([
      'from',
      'headers',
      'method',
      'path',
      'port',
    ]);
  });
});
