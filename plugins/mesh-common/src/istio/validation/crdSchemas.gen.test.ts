import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const pkg = path.resolve(__dirname, '../../..');
const fixtures = path.resolve(pkg, '../../../shared/fixtures/istio-crds');

describe('crdSchemas.gen.ts', () => {
  it('is what scripts/generateCrdSchemas.mjs makes from the fixture CRDs today', () => {
    // The module is generated so mesh-common stays free of I/O; this keeps it from going stale.
    expect(fs.existsSync(path.join(fixtures, 'istio-crds.yaml'))).toBe(true);
    const output = execFileSync(
      process.execPath,
      ['scripts/generateCrdSchemas.mjs', '--check'],
      { cwd: pkg, encoding: 'utf8' },
    );
    expect(output).toContain('is current');
  });

  it('notices when a CRD changes', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-crds-'));
    try {
      const changed = path.join(tmp, 'istio-crds.yaml');
      fs.writeFileSync(
        changed,
        fs
          .readFileSync(path.join(fixtures, 'istio-crds.yaml'), 'utf8')
          .replace('maxLength: 65536', 'maxLength: 65535'),
      );
      const run = () =>
        execFileSync(
          process.execPath,
          [
            'scripts/generateCrdSchemas.mjs',
            '--check',
            changed,
            path.join(fixtures, 'gateway-api-crds.yaml'),
          ],
          { cwd: pkg, encoding: 'utf8', stdio: 'pipe' },
        );
      expect(run).toThrow(/is stale/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
