import { obj, runAnalyzer, summary } from './testFixtures';
import { virtualServiceConflicts } from './virtualServiceConflicts';

const route = [{ route: [{ destination: { host: 'reviews' } }] }];

describe('virtualServiceConflicts', () => {
  it('reports two mesh VirtualServices claiming one host', () => {
    const a = obj('VirtualService', 'a', 'team1', {
      hosts: ['reviews.prod.svc.cluster.local'],
      http: route,
    });
    const b = obj('VirtualService', 'b', 'prod', {
      hosts: ['reviews'],
      http: route,
    });
    expect(summary(runAnalyzer(virtualServiceConflicts, [a, b]))).toEqual([
      'IST0109 VirtualService/a spec.hosts[0]',
      'IST0109 VirtualService/b spec.hosts[0]',
    ]);
  });

  it('ignores gateway-bound VirtualServices and ones no namespace sees together', () => {
    const a = obj('VirtualService', 'a', 'prod', {
      hosts: ['reviews'],
      gateways: ['gw'],
      http: route,
    });
    const b = obj('VirtualService', 'b', 'prod', {
      hosts: ['reviews'],
      http: route,
    });
    const c = obj('VirtualService', 'c', 'team1', {
      hosts: ['reviews.prod.svc.cluster.local'],
      exportTo: ['.'],
      http: route,
    });
    const d = obj('VirtualService', 'd', 'team2', {
      hosts: ['reviews.prod.svc.cluster.local'],
      exportTo: ['team2'],
      http: route,
    });
    expect(runAnalyzer(virtualServiceConflicts, [a, c, d])).toEqual([]);
    expect(
      summary(runAnalyzer(virtualServiceConflicts, [a, b, c])).sort(),
    ).toEqual([
      'IST0109 VirtualService/b spec.hosts[0]',
      'IST0109 VirtualService/c spec.hosts[0]',
    ]);
  });
});
