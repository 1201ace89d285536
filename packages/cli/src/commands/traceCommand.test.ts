import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from '../testCli';

const B = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/istio-samples/bookinfo',
);
const files = [
  `${B}/platform/kube/bookinfo.yaml`,
  `${B}/networking/destination-rule-all.yaml`,
  `${B}/networking/virtual-service-reviews-jason-v2-v3.yaml`,
];

describe('meshport trace', () => {
  it('follows a header match to its subset, as JSON', async () => {
    const r = await cli(
      'trace',
      '--host',
      'reviews',
      '--header',
      'end-user=jason',
      '--from',
      'default/productpage-v1',
      '--format',
      'json',
      ...files,
    );
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({
      virtualService: { namespace: 'default', name: 'reviews' },
      ruleIndex: 0,
      fault: null,
      timeout: null,
      mirror: [],
    });
    expect(t.destinations).toEqual([
      expect.objectContaining({
        host: 'reviews.default.svc.cluster.local',
        subset: 'v2',
        port: 9080,
        weight: 100,
      }),
    ]);
    expect(Object.keys(t)).toEqual(
      expect.arrayContaining(['retries', 'steps']),
    );
  });

  it('takes the default rule without the header, in text', async () => {
    const r = await cli('trace', '--host', 'reviews', ...files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('virtual service: default/reviews rule 1');
    expect(r.stdout).toContain('subset v3');
  });

  it('routes TCP and TLS ports by their declared protocol, or as --protocol and --sni say', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-trace-'));
    const file = path.join(dir, 'egress.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: networking.istio.io/v1',
        'kind: ServiceEntry',
        'metadata: {name: ext}',
        'spec: {hosts: [api.example.com, db.example.com], addresses: [240.0.0.1], resolution: DNS,',
        '  ports: [{number: 443, name: tls, protocol: TLS}, {number: 5432, name: tcp, protocol: TCP}]}',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: api}',
        'spec:',
        '  hosts: [api.example.com]',
        '  tls: [{match: [{port: 443, sniHosts: [api.example.com]}], route: [{destination: {host: api.example.com}}]}]',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: db}',
        'spec:',
        '  hosts: [db.example.com]',
        '  tcp: [{match: [{port: 5432}], route: [{destination: {host: db.example.com}}]}]',
        '',
      ].join('\n'),
    );
    try {
      const tls = await cli(
        'trace',
        '--host',
        'api.example.com',
        '--port',
        '443',
        file,
      );
      expect(tls).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('outcome: route (TLS routes)'),
      });
      expect(tls.stdout).toContain(
        'port 443 of ServiceEntry default/ext is TLS, so TLS routes apply',
      );
      expect(tls.stdout).toContain('100% → api.example.com:443');
      const tcp = JSON.parse(
        (
          await cli(
            'trace',
            '--host',
            'db.example.com',
            '--port',
            '5432',
            '--format',
            'json',
            file,
          )
        ).stdout,
      );
      expect(tcp).toMatchObject({
        virtualService: { name: 'db' },
        ruleIndex: 0,
        request: { protocol: 'tcp' },
      });
      // The SNI decides, not the host: a client that sends another name misses the rule.
      const otherSni = await cli(
        'trace',
        '--host',
        'api.example.com',
        '--port',
        '443',
        '--sni',
        'www.example.com',
        file,
      );
      expect(otherSni.stdout).toContain('no TLS route for www.example.com');
      expect(otherSni.stdout).toContain('virtual service: none');
      // Forced to HTTP, the VirtualService's TCP rules do not apply and nothing routes the request.
      expect(
        await cli(
          'trace',
          '--host',
          'db.example.com',
          '--port',
          '5432',
          '--protocol',
          'http',
          file,
        ),
      ).toMatchObject({
        code: 1,
        stdout: expect.stringContaining('no HTTP rule matches'),
      });
      expect(
        await cli(
          'trace',
          '--host',
          'db.example.com',
          '--protocol',
          'udp',
          file,
        ),
      ).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--protocol'),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad flags and unknown workloads with exit 2', async () => {
    expect((await cli('trace', ...files)).code).toBe(2);
    expect(
      await cli('trace', '--host', 'reviews', '--port', 'x', ...files),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('--port') });
    expect(
      await cli(
        'trace',
        '--host',
        'reviews',
        '--from',
        'default/ghost',
        ...files,
      ),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('ghost') });
    expect(
      await cli('trace', '--host', 'reviews', '--header', 'novalue', ...files),
    ).toMatchObject({ code: 2 });
  });

  it('runs through bin/meshport', () => {
    const r = spawnSync(
      path.resolve(__dirname, '../../bin/meshport'),
      [
        'trace',
        '--host',
        'reviews',
        '--header',
        'end-user=jason',
        '--format',
        'json',
        ...files,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).destinations[0].subset).toBe('v2');
  }, 30_000);
});
