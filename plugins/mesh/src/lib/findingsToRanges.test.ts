import { Finding } from '@meshport/plugin-mesh-common';
import { findingsToRanges } from './findingsToRanges';

const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  labels:
    app.kubernetes.io/name: reviews
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 50
        - destination:
            host: reviews
            subset: v3
          weight: 50
`;

const finding = (path: string): Finding => ({
  code: 'IST0106',
  level: 'Error',
  message: `${path}: bad`,
  resource: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
  path,
});

const lineOfText = (text: string, needle: string) =>
  text.split('\n').findIndex(l => l.includes(needle)) + 1;

describe('findingsToRanges', () => {
  it("puts a field path on that key's line, through list indexes", () => {
    const [r] = findingsToRanges(vs, [finding('spec.http[0].route[1].weight')]);
    expect(r.line).toBe(20);
    expect(vs.slice(r.from, r.to)).toBe('weight');
  });

  it('tells the first and second list items apart', () => {
    const ranges = findingsToRanges(vs, [
      finding('spec.http[0].route[0].destination.subset'),
      finding('spec.http[0].route[1].destination.subset'),
    ]);
    expect(ranges.map(r => r.line)).toEqual([15, 19]);
    expect(ranges.map(r => r.finding.path)).toEqual([
      'spec.http[0].route[0].destination.subset',
      'spec.http[0].route[1].destination.subset',
    ]);
  });

  it('marks only the first line of a list item that is a whole block', () => {
    const [r] = findingsToRanges(vs, [finding('spec.http[0].route[1]')]);
    expect(r.line).toBe(17);
    expect(vs.slice(r.from, r.to)).not.toContain('\n');
  });

  it('reads quoted keys that are not identifiers', () => {
    const [r] = findingsToRanges(vs, [
      finding('metadata.labels["app.kubernetes.io/name"]'),
    ]);
    expect(r.line).toBe(lineOfText(vs, 'app.kubernetes.io/name'));
  });

  it('falls back to the deepest field that exists when the path names a missing one', () => {
    const [missing, outOfRange] = findingsToRanges(vs, [
      finding('spec.http[0].timeout'),
      finding('spec.http[3].route'),
    ]);
    // http[0] exists but has no timeout: the list item's first line.
    expect(missing.line).toBe(12);
    // http has no fourth item: the `http:` key.
    expect(outOfRange.line).toBe(11);
  });

  it('puts a whole-resource finding on the first line', () => {
    const [r] = findingsToRanges(vs, [finding('')]);
    expect(r).toMatchObject({ from: 0, line: 1 });
  });

  it('copes with text that is not a mapping', () => {
    const [r] = findingsToRanges('', [finding('spec.hosts')]);
    expect(r).toMatchObject({ from: 0, to: 0, line: 1 });
  });
});
