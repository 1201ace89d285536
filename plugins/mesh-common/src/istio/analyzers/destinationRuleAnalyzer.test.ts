import { destinationRuleAnalyzer } from './destinationRuleAnalyzer';
import { obj, pod, runAnalyzer, service, summary } from './testFixtures';

const svc = service('reviews', 'prod', { app: 'reviews' });
const v1 = pod('reviews-v1', 'prod', { app: 'reviews', version: 'v1' });
const subsets = [
  { name: 'v1', labels: { version: 'v1' } },
  { name: 'v3', labels: { version: 'v3' } },
];

describe('destinationRuleAnalyzer', () => {
  it('reports subsets that select no pods', () => {
    const dr = obj('DestinationRule', 'reviews', 'prod', {
      host: 'reviews',
      subsets,
    });
    expect(
      summary(runAnalyzer(destinationRuleAnalyzer, [svc, v1, dr])),
    ).toEqual(['MSH0101 DestinationRule/reviews spec.subsets[1].labels']);
  });

  it('counts Deployment pod templates as workloads', () => {
    const deploy = obj('Deployment', 'reviews-v3', 'prod', {
      selector: { matchLabels: { app: 'reviews' } },
      template: {
        metadata: { labels: { app: 'reviews', version: 'v3' } },
        spec: { containers: [] },
      },
    });
    const dr = obj('DestinationRule', 'reviews', 'prod', {
      host: 'reviews',
      subsets,
    });
    expect(runAnalyzer(destinationRuleAnalyzer, [svc, v1, deploy, dr])).toEqual(
      [],
    );
  });

  it('reports hosts that do not exist and duplicate rules for one host', () => {
    const a = obj('DestinationRule', 'a', 'prod', { host: 'reviews' });
    const b = obj('DestinationRule', 'b', 'prod', {
      host: 'reviews.prod.svc.cluster.local',
    });
    const c = obj('DestinationRule', 'c', 'prod', { host: 'ratings' });
    expect(
      summary(runAnalyzer(destinationRuleAnalyzer, [svc, a, b, c])).sort(),
    ).toEqual([
      'MSH0102 DestinationRule/c spec.host',
      'MSH0103 DestinationRule/a spec.host',
      'MSH0103 DestinationRule/b spec.host',
    ]);
  });

  it('reports TLS origination without CA certificates', () => {
    const se = obj('ServiceEntry', 'ext', 'prod', {
      hosts: ['api.example.com'],
    });
    const bad = obj('DestinationRule', 'ext', 'prod', {
      host: 'api.example.com',
      trafficPolicy: {
        tls: { mode: 'SIMPLE' },
        portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE' } }],
      },
    });
    expect(summary(runAnalyzer(destinationRuleAnalyzer, [se, bad]))).toEqual([
      'IST0128 DestinationRule/ext spec.trafficPolicy.tls',
      'IST0129 DestinationRule/ext spec.trafficPolicy.portLevelSettings[0].tls',
    ]);
    const good = obj('DestinationRule', 'ext', 'prod', {
      host: 'api.example.com',
      trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/ca.pem' } },
    });
    expect(runAnalyzer(destinationRuleAnalyzer, [se, good])).toEqual([]);
  });
});
