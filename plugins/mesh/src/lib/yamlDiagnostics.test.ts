import { yamlDiagnostics } from './yamlDiagnostics';

describe('yamlDiagnostics', () => {
  it('prefixes the code and names the source', () => {
    expect(
      yamlDiagnostics(
        [
          {
            from: 2,
            to: 5,
            line: 1,
            severity: 'error',
            message: 'spec.x: unknown field "x"',
            code: 'IST0106',
          },
          {
            from: 0,
            to: 1,
            line: 1,
            severity: 'warning',
            message: 'Unresolved tag',
          },
        ],
        10,
      ),
    ).toEqual([
      {
        from: 2,
        to: 5,
        severity: 'error',
        message: 'IST0106: spec.x: unknown field "x"',
        source: 'mesh-common',
      },
      {
        from: 0,
        to: 1,
        severity: 'warning',
        message: 'Unresolved tag',
        source: 'yaml',
      },
    ]);
  });

  it('clamps positions to the document', () => {
    const [d] = yamlDiagnostics(
      [{ from: 8, to: 20, line: 2, severity: 'error', message: 'x' }],
      6,
    );
    expect(d).toMatchObject({ from: 6, to: 6 });
  });
});
