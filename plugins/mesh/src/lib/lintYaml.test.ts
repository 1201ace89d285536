import { hasErrors, lintYaml } from './lintYaml';

const reviews = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
`;

describe('lintYaml', () => {
  it('accepts a valid VirtualService and returns the object', () => {
    const result = lintYaml(reviews);
    expect(result.markers.filter(m => m.severity === 'error')).toEqual([]);
    expect(hasErrors(result)).toBe(false);
    expect(result.object).toMatchObject({
      kind: 'VirtualService',
      metadata: { name: 'reviews' },
    });
  });

  it('marks a misspelt key on its own line with the schema code', () => {
    const text = reviews.replace('subset: v1', 'subsett: v1');
    const result = lintYaml(text);
    expect(hasErrors(result)).toBe(true);
    const [m] = result.markers;
    expect(m).toMatchObject({ severity: 'error', line: 13, code: 'IST0106' });
    expect(m.message).toMatch(/subsett/);
    expect(text.slice(m.from, m.to)).toBe('subsett');
  });

  it("marks Istio's field rules: a bad duration blocks, an ignored weight only warns", () => {
    const timeout = lintYaml(
      reviews.replace(
        '    - route:\n',
        '    - timeout: 5 parsecs\n      route:\n',
      ),
    );
    expect(timeout.markers).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 10,
        message: expect.stringMatching(/not a duration/),
      }),
    ]);

    const weight = lintYaml(
      reviews.replace(
        '            subset: v1\n',
        '            subset: v1\n          weight: 150\n',
      ),
    );
    expect(weight.markers).toEqual([
      expect.objectContaining({ severity: 'warning', line: 14 }),
    ]);
    expect(hasErrors(weight)).toBe(false);
  });

  it('turns YAML syntax errors into markers at their position', () => {
    const text = 'apiVersion: v1\nkind: [Service\n';
    const result = lintYaml(text);
    expect(hasErrors(result)).toBe(true);
    expect(result.object).toBeUndefined();
    expect(result.markers[0].line).toBeGreaterThanOrEqual(2);
  });

  it('asks for one resource at a time', () => {
    const result = lintYaml(`${reviews}---\n${reviews}`);
    expect(result.markers.map(m => m.message)).toContain(
      'Edit one resource at a time: remove the second document',
    );
  });

  it('rejects text that is not a Kubernetes object', () => {
    expect(lintYaml('- a\n- b\n').markers[0].message).toMatch(
      /Expected a Kubernetes object/,
    );
    expect(lintYaml('').markers[0].message).toMatch(/empty/);
  });
});
