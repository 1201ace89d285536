import {
  formatLabelSelector,
  labelSelectorFromSpec,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';
import { SelectorParseError } from './SelectorParseError';

const labels = { app: 'reviews', version: 'v2', tier: 'backend' };

function matches(
  selector: string,
  target: Record<string, string> = labels,
): boolean {
  return matchesLabels(parseLabelSelector(selector), target);
}

describe('parseLabelSelector', () => {
  it('supports equality in all three spellings', () => {
    expect(matches('app=reviews')).toBe(true);
    expect(matches('app==reviews')).toBe(true);
    expect(matches('app!=reviews')).toBe(false);
    expect(matches('app=ratings')).toBe(false);
  });

  it('supports set-based operators', () => {
    expect(matches('version in (v1, v2)')).toBe(true);
    expect(matches('version in (v1,v3)')).toBe(false);
    expect(matches('version notin (v1,v3)')).toBe(true);
    expect(matches('version notin (v2)')).toBe(false);
  });

  it('supports existence and absence', () => {
    expect(matches('tier')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('!canary')).toBe(true);
    expect(matches('canary')).toBe(false);
  });

  it('treats != and notin as matching objects without the label, as Kubernetes does', () => {
    expect(matches('canary!=true')).toBe(true);
    expect(matches('canary notin (true)')).toBe(true);
  });

  it('ANDs comma-separated requirements', () => {
    expect(matches('app=reviews,version in (v2),!canary')).toBe(true);
    expect(matches('app=reviews,version=v1')).toBe(false);
  });

  it('accepts prefixed keys and the empty selector', () => {
    expect(
      matches('app.kubernetes.io/name=x', { 'app.kubernetes.io/name': 'x' }),
    ).toBe(true);
    expect(parseLabelSelector('')).toEqual([]);
    expect(matches('')).toBe(true);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('app in v1')).toThrow(SelectorParseError);
    expect(() => parseLabelSelector('app in ()')).toThrow(/at least one value/);
    expect(() => parseLabelSelector('app=a b')).toThrow(SelectorParseError);
    expect(() => parseLabelSelector('-bad-=x')).toThrow(/invalid label key/);
    expect(() => parseLabelSelector('app=,')).toThrow(SelectorParseError);
  });
});

describe('labelSelectorFromSpec', () => {
  it('combines matchLabels and matchExpressions', () => {
    const selector = labelSelectorFromSpec({
      matchLabels: { app: 'reviews' },
      matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }],
    });
    expect(matchesLabels(selector, labels)).toBe(true);
    expect(matchesLabels(selector, { ...labels, version: 'v1' })).toBe(false);
  });

  it('matches everything when empty and formats like kubectl', () => {
    expect(matchesLabels(labelSelectorFromSpec(undefined), {})).toBe(true);
    expect(
      formatLabelSelector({
        matchLabels: { app: 'a' },
        matchExpressions: [
          { key: 'v', operator: 'In', values: ['1', '2'] },
          { key: 'x', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=a,v in (1,2),!x');
  });
});
