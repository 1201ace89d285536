import { serviceEntryAnalyzer } from './serviceEntryAnalyzer';
import { obj, runAnalyzer, service, summary } from './testFixtures';

const https = [{ number: 443, name: 'https', protocol: 'HTTPS' }];

describe('serviceEntryAnalyzer', () => {
  it('reports hosts defined twice and hosts of Kubernetes Services', () => {
    const a = obj('ServiceEntry', 'a', 'prod', {
      hosts: ['api.example.com'],
      ports: https,
      resolution: 'DNS',
    });
    const b = obj('ServiceEntry', 'b', 'shop', {
      hosts: ['api.example.com'],
      ports: https,
      resolution: 'DNS',
    });
    const c = obj('ServiceEntry', 'c', 'prod', {
      hosts: ['reviews.prod.svc.cluster.local'],
      ports: https,
      resolution: 'DNS',
    });
    expect(
      summary(
        runAnalyzer(serviceEntryAnalyzer, [
          service('reviews', 'prod', { app: 'r' }),
          a,
          b,
          c,
        ]),
      ).sort(),
    ).toEqual([
      'MSH0108 ServiceEntry/a spec.hosts[0]',
      'MSH0108 ServiceEntry/b spec.hosts[0]',
      'MSH0109 ServiceEntry/c spec.hosts[0]',
    ]);
  });

  it('ignores entries that no namespace sees together', () => {
    const a = obj('ServiceEntry', 'a', 'prod', {
      hosts: ['api.example.com'],
      ports: https,
      resolution: 'DNS',
      exportTo: ['.'],
    });
    const b = obj('ServiceEntry', 'b', 'shop', {
      hosts: ['api.example.com'],
      ports: https,
      resolution: 'DNS',
      exportTo: ['.'],
    });
    expect(runAnalyzer(serviceEntryAnalyzer, [a, b])).toEqual([]);
  });

  it('asks for addresses on TCP ports', () => {
    const tcp = obj('ServiceEntry', 'db', 'prod', {
      hosts: ['db.example.com'],
      ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }],
      resolution: 'DNS',
    });
    const withAddr = obj('ServiceEntry', 'db2', 'prod', {
      hosts: ['db2.example.com'],
      addresses: ['10.1.0.5'],
      ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }],
      resolution: 'DNS',
    });
    expect(summary(runAnalyzer(serviceEntryAnalyzer, [tcp, withAddr]))).toEqual(
      ['IST0134 ServiceEntry/db spec.ports[0]'],
    );
  });
});
