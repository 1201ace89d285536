import { deploymentServicesAnalyzer } from './deploymentServicesAnalyzer';
import { obj, runAnalyzer, summary } from './testFixtures';

const deployment = (name: string, labels: Record<string, string>) =>
  obj('Deployment', name, 'shop', {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name, image: 'x' }] },
    },
  });
const svc = (
  name: string,
  selector: Record<string, string>,
  ports: Array<{
    name?: string;
    port: number;
    targetPort?: number;
    protocol?: string;
  }>,
) => obj('Service', name, 'shop', { selector, ports });

describe('deploymentServicesAnalyzer', () => {
  it('reports one port number carried with two protocols (IST0116)', () => {
    const findings = runAnalyzer(deploymentServicesAnalyzer, [
      deployment('dns', { app: 'dns' }),
      svc('dns-tcp', { app: 'dns' }, [{ name: 'tcp-dns', port: 53 }]),
      svc('dns-udp', { app: 'dns' }, [
        { name: 'udp-dns', port: 53, protocol: 'UDP' },
      ]),
    ]);
    expect(summary(findings)).toEqual([
      'IST0116 Deployment/dns spec.template.metadata.labels',
    ]);
    expect(findings[0].message).toContain(
      'port 53 but different protocols: TCP, UDP',
    );
    const httpAndTcp = runAnalyzer(deploymentServicesAnalyzer, [
      deployment('api', { app: 'api' }),
      svc('api', { app: 'api' }, [{ name: 'http', port: 8080 }]),
      svc('api-raw', { app: 'api' }, [{ name: 'tcp-raw', port: 8080 }]),
    ]);
    expect(httpAndTcp[0].message).toContain(
      'port 8080 but different protocols: HTTP, TCP',
    );
  });

  it('reports one targetPort reached from two service ports (IST0137)', () => {
    const findings = runAnalyzer(deploymentServicesAnalyzer, [
      deployment('web', { app: 'web' }),
      svc('web', { app: 'web' }, [
        { name: 'http', port: 80, targetPort: 8080 },
      ]),
      svc('web-alt', { app: 'web' }, [
        { name: 'http', port: 8000, targetPort: 8080 },
      ]),
    ]);
    expect(summary(findings)).toEqual([
      'IST0137 Deployment/web spec.template.metadata.labels',
    ]);
    expect(findings[0].message).toContain(
      'targetPort "8080" but different ports: 80, 8000',
    );
  });

  it('accepts services that agree, services that select other pods, and a single service', () => {
    expect(
      runAnalyzer(deploymentServicesAnalyzer, [
        deployment('web', { app: 'web', version: 'v1' }),
        svc('web', { app: 'web' }, [
          { name: 'http', port: 80, targetPort: 8080 },
        ]),
        svc('web-v1', { app: 'web', version: 'v1' }, [
          { name: 'http', port: 80, targetPort: 8080 },
        ]),
        svc('other', { app: 'other' }, [
          { name: 'http', port: 9000, targetPort: 8080 },
        ]),
        deployment('solo', { app: 'solo' }),
        svc('solo', { app: 'solo' }, [{ name: 'http', port: 80 }]),
      ]),
    ).toEqual([]);
  });
});
