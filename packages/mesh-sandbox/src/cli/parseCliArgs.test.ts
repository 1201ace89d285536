import { CliUsageError } from './CliUsageError';
import { parseCliArgs } from './parseCliArgs';

describe('parseCliArgs', () => {
  it('has defaults for one demo cluster on random ports with TLS', () => {
    expect(parseCliArgs([], '/w')).toMatchObject({
      clusters: [{ name: 'sandbox', scenario: 'demo' }],
      port: 0,
      tls: true,
      stateDir: undefined,
      help: false,
    });
  });

  it('names several clusters from a base name', () => {
    expect(
      parseCliArgs(['--clusters', '3'], '/w').clusters.map(c => c.name),
    ).toEqual(['sandbox', 'sandbox-2', 'sandbox-3']);
    expect(
      parseCliArgs(['--clusters=2', '--name', 'east'], '/w').clusters.map(
        c => c.name,
      ),
    ).toEqual(['east', 'east-2']);
    expect(
      parseCliArgs(['--name', 'east', '--name', 'west'], '/w').clusters.map(
        c => c.name,
      ),
    ).toEqual(['east', 'west']);
  });

  it('resolves paths against the invoking directory and parses the rest', () => {
    const options = parseCliArgs(
      [
        '--out',
        '.meshport/sandbox',
        '--manifests',
        'a.yaml',
        '--manifests=dir',
        '--http',
        '--port',
        '7000',
        '--scenario',
        'empty',
        '--pod-ready-delay',
        '0',
      ],
      '/w',
    );
    expect(options).toMatchObject({
      stateDir: '/w/.meshport/sandbox',
      tls: false,
      port: 7000,
      podReadyDelayMs: 0,
    });
    expect(options.clusters[0]).toEqual({
      name: 'sandbox',
      scenario: 'empty',
      manifests: ['/w/a.yaml', '/w/dir'],
    });
    const scaled = parseCliArgs(
      ['--scale', 'medium', '--clusters', '2', '--metrics-port', '9100'],
      '/w',
    );
    expect(scaled.metricsPort).toBe(9100);
    expect(scaled.clusters.map(c => c.mesh)).toEqual([
      { namespaces: 10, services: 10, versions: 2 },
      { namespaces: 10, services: 10, versions: 2 },
    ]);
    expect(() => parseCliArgs(['--scale', 'huge'], '/w')).toThrow(
      /--scale must be small, medium or large/,
    );
  });

  it('installs extra Istio revisions and tags in every cluster', () => {
    const options = parseCliArgs(
      [
        '--revision',
        'canary=1.28.0',
        '--tag=stable=canary',
        '--tag',
        'default=canary',
      ],
      '/w',
    );
    expect(options.clusters[0]).toMatchObject({
      istioRevisions: [{ name: 'canary', version: '1.28.0' }],
      istioTags: { stable: 'canary', default: 'canary' },
    });
    expect(() => parseCliArgs(['--revision', 'canary'], '/w')).toThrow(
      /--revision must look like NAME=VERSION/,
    );
  });

  it('explains bad flags', () => {
    expect(() => parseCliArgs(['--clusters', 'two'], '/w')).toThrow(
      new CliUsageError(
        '--clusters must be a whole number from 1 to 50, got "two"',
      ),
    );
    expect(() => parseCliArgs(['--scenario', 'prod'], '/w')).toThrow(
      /--scenario must be demo or empty/,
    );
    expect(() => parseCliArgs(['--bogus'], '/w')).toThrow(
      /unknown option "--bogus"/,
    );
    expect(() => parseCliArgs(['--out'], '/w')).toThrow(/--out needs a value/);
    expect(() =>
      parseCliArgs(['--name', 'a', '--name', 'b', '--clusters', '3'], '/w'),
    ).toThrow(/does not match/);
    expect(() => parseCliArgs(['--http=yes'], '/w')).toThrow(/takes no value/);
  });
});
