import { fieldValue, matchesFields, parseFieldSelector } from './fieldSelector';
import { SelectorParseError } from './SelectorParseError';

const pod = {
  metadata: { name: 'reviews-v1-abc', namespace: 'bookinfo' },
  spec: { nodeName: 'node-1', hostNetwork: false },
  status: { phase: 'Running' },
};

describe('field selectors', () => {
  it('parses =, == and != terms', () => {
    expect(
      parseFieldSelector(
        'metadata.name=a,status.phase!=Running,spec.nodeName==n',
      ),
    ).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
      { field: 'spec.nodeName', operator: '=', value: 'n' },
    ]);
  });

  it('honours backslash escapes', () => {
    expect(parseFieldSelector('metadata.name=a\\,b')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b' },
    ]);
  });

  it('matches objects by dotted paths', () => {
    expect(
      matchesFields(
        parseFieldSelector('metadata.namespace=bookinfo,status.phase=Running'),
        pod,
      ),
    ).toBe(true);
    expect(
      matchesFields(parseFieldSelector('metadata.name!=reviews-v1-abc'), pod),
    ).toBe(false);
    expect(fieldValue(pod, 'spec.hostNetwork')).toBe('false');
    expect(fieldValue(pod, 'spec.missing')).toBe('');
  });

  it('rejects terms without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      SelectorParseError,
    );
    expect(() => parseFieldSelector('=x')).toThrow(SelectorParseError);
  });
});
