import { HTTPMatchRequest } from '../model/networking';
import {
  HttpMatchContext,
  matchHttpRequest,
  splitPath,
} from './matchHttpRequest';

const base: HttpMatchContext = {
  path: '/api/v1/products',
  query: { id: '42', debug: '' },
  method: 'GET',
  scheme: 'http',
  authority: 'reviews.bookinfo:9080',
  headers: { 'end-user': 'jason', 'x-canary': 'yes' },
  port: 9080,
  sourceLabels: { app: 'productpage', version: 'v1' },
  sourceNamespace: 'bookinfo',
  gateway: 'mesh',
};

const ok = (m: HTTPMatchRequest, ctx: Partial<HttpMatchContext> = {}) =>
  matchHttpRequest(m, { ...base, ...ctx }, 'bookinfo');

describe('matchHttpRequest', () => {
  it.each<[string, HTTPMatchRequest]>([
    ['empty match', {}],
    ['uri exact', { uri: { exact: '/api/v1/products' } }],
    ['uri prefix', { uri: { prefix: '/api' } }],
    ['uri regex', { uri: { regex: '/api/v[0-9]/.*' } }],
    [
      'uri case-insensitive exact',
      { uri: { exact: '/API/V1/PRODUCTS' }, ignoreUriCase: true },
    ],
    [
      'uri case-insensitive prefix',
      { uri: { prefix: '/API' }, ignoreUriCase: true },
    ],
    ['method exact', { method: { exact: 'GET' } }],
    ['method regex', { method: { regex: 'GET|HEAD' } }],
    ['authority prefix', { authority: { prefix: 'reviews' } }],
    ['scheme', { scheme: { exact: 'http' } }],
    ['header exact', { headers: { 'end-user': { exact: 'jason' } } }],
    [
      'header name case-insensitive',
      { headers: { 'End-User': { exact: 'jason' } } },
    ],
    ['header prefix', { headers: { 'end-user': { prefix: 'ja' } } }],
    ['header regex', { headers: { 'end-user': { regex: 'j.*n' } } }],
    ['header presence', { headers: { 'x-canary': {} } }],
    [
      'two headers (AND)',
      {
        headers: {
          'end-user': { exact: 'jason' },
          'x-canary': { exact: 'yes' },
        },
      },
    ],
    ['withoutHeaders absent header', { withoutHeaders: { 'x-debug': {} } }],
    [
      'withoutHeaders other value',
      { withoutHeaders: { 'end-user': { exact: 'bob' } } },
    ],
    ['query exact', { queryParams: { id: { exact: '42' } } }],
    ['query regex', { queryParams: { id: { regex: '\\d+' } } }],
    ['query presence of bare key', { queryParams: { debug: {} } }],
    ['port', { port: 9080 }],
    ['sourceLabels subset', { sourceLabels: { app: 'productpage' } }],
    ['sourceNamespace', { sourceNamespace: 'bookinfo' }],
    ['gateways mesh', { gateways: ['mesh'] }],
    [
      'everything at once',
      {
        uri: { prefix: '/api' },
        method: { exact: 'GET' },
        headers: { 'end-user': { exact: 'jason' } },
        port: 9080,
        sourceLabels: { version: 'v1' },
      },
    ],
  ])('matches: %s', (_, m) => {
    expect(ok(m)).toBeNull();
  });

  it.each<[string, HTTPMatchRequest, RegExp]>([
    [
      'uri exact',
      { uri: { exact: '/api' } },
      /uri "\/api\/v1\/products" is not exact "\/api"/,
    ],
    ['uri prefix', { uri: { prefix: '/static' } }, /uri/],
    ['uri regex is a full match', { uri: { regex: '/api' } }, /regex/],
    [
      'uri case without ignoreUriCase',
      { uri: { exact: '/API/V1/PRODUCTS' } },
      /uri/,
    ],
    [
      'uri regex ignores ignoreUriCase',
      { uri: { regex: '/API/.*' }, ignoreUriCase: true },
      /uri/,
    ],
    [
      'method',
      { method: { exact: 'POST' } },
      /method "GET" is not exact "POST"/,
    ],
    ['authority', { authority: { exact: 'ratings' } }, /authority/],
    ['scheme', { scheme: { exact: 'https' } }, /scheme/],
    [
      'header value',
      { headers: { 'end-user': { exact: 'bob' } } },
      /header end-user "jason" is not exact "bob"/,
    ],
    [
      'header absent',
      { headers: { 'x-user': { exact: 'jason' } } },
      /header x-user is absent/,
    ],
    ['header presence absent', { headers: { 'x-missing': {} } }, /absent/],
    [
      'one of two headers (AND)',
      {
        headers: {
          'end-user': { exact: 'jason' },
          'x-canary': { exact: 'no' },
        },
      },
      /x-canary/,
    ],
    [
      'withoutHeaders present',
      { withoutHeaders: { 'x-canary': {} } },
      /withoutHeaders/,
    ],
    [
      'withoutHeaders matching value',
      { withoutHeaders: { 'end-user': { exact: 'jason' } } },
      /withoutHeaders/,
    ],
    [
      'query value',
      { queryParams: { id: { exact: '7' } } },
      /query parameter id/,
    ],
    ['query absent', { queryParams: { page: { exact: '1' } } }, /absent/],
    [
      'query prefix unsupported',
      { queryParams: { id: { prefix: '4' } } },
      /does not support/,
    ],
    ['port', { port: 80 }, /port 9080 is not 80/],
    [
      'sourceLabels',
      { sourceLabels: { app: 'reviews' } },
      /source label app=productpage is not reviews/,
    ],
    [
      'sourceLabels missing key',
      { sourceLabels: { track: 'canary' } },
      /\(unset\)/,
    ],
    ['sourceNamespace', { sourceNamespace: 'other' }, /source namespace/],
    [
      'gateways exclude mesh',
      { gateways: ['bookinfo-gateway'] },
      /gateway mesh is not one of bookinfo\/bookinfo-gateway/,
    ],
  ])('does not match: %s', (_, m, why) => {
    expect(ok(m)).toMatch(why);
  });

  it('resolves match gateways relative to the VirtualService namespace', () => {
    expect(
      ok(
        { gateways: ['bookinfo-gateway'] },
        { gateway: 'bookinfo/bookinfo-gateway' },
      ),
    ).toBeNull();
    expect(
      ok({ gateways: ['istio-system/gw'] }, { gateway: 'istio-system/gw' }),
    ).toBeNull();
    expect(ok({ gateways: ['gw'] }, { gateway: 'istio-system/gw' })).toMatch(
      /not one of bookinfo\/gw/,
    );
  });
});

describe('splitPath', () => {
  it('splits and decodes the query string', () => {
    expect(splitPath('/a/b?x=1&y=%20z&flag&x=2')).toEqual({
      path: '/a/b',
      query: { x: '1', y: ' z', flag: '' },
    });
    expect(splitPath('/plain')).toEqual({ path: '/plain', query: {} });
    expect(splitPath('/bad?q=%E0%A4%A')).toEqual({
      path: '/bad',
      query: { q: '%E0%A4%A' },
    });
  });
});
