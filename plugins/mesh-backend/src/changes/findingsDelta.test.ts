import { Finding } from '@meshport/plugin-mesh-common';
import { findingsDelta } from './findingsDelta';

const f = (code: string, name = 'reviews'): Finding => ({
  code,
  level: 'Warning',
  message: `${code} on ${name}`,
  resource: { kind: 'VirtualService', namespace: 'bookinfo', name },
  path: 'spec',
});

describe('findingsDelta', () => {
  it('reports what the change introduces and what it fixes', () => {
    const d = findingsDelta(
      [f('IST0101'), f('IST0104')],
      [f('IST0104'), f('IST0109')],
    );
    expect(d.introduced.map(x => x.code)).toEqual(['IST0109']);
    expect(d.fixed.map(x => x.code)).toEqual(['IST0101']);
  });

  it('compares as multisets: one of two identical findings fixed is one fixed', () => {
    const d = findingsDelta([f('IST0101'), f('IST0101')], [f('IST0101')]);
    expect(d.introduced).toEqual([]);
    expect(d.fixed).toHaveLength(1);
  });

  it('reports nothing when nothing changes', () => {
    expect(findingsDelta([f('A'), f('B', 'x')], [f('B', 'x'), f('A')])).toEqual(
      { introduced: [], fixed: [] },
    );
  });
});
