import { weightSegments } from './weightSegments';

describe('weightSegments', () => {
  it('keeps weights that add up to 100', () => {
    expect(
      weightSegments([
        { text: 'v1', weight: 80 },
        { text: 'v3', weight: 20 },
        { text: 'v4', weight: 0 },
      ]),
    ).toEqual([
      { label: 'v1', weight: 80, share: 80 },
      { label: 'v3', weight: 20, share: 20 },
      { label: 'v4', weight: 0, share: 0 },
    ]);
  });

  it('gives a single destination without weight the whole bar', () => {
    expect(weightSegments([{ text: 'v1', weight: 0 }])).toEqual([
      { label: 'v1', weight: 100, share: 100 },
    ]);
  });

  it('scales weights that do not add up to 100', () => {
    expect(
      weightSegments([
        { text: 'a', weight: 30 },
        { text: 'b', weight: 30 },
      ]).map(s => s.share),
    ).toEqual([50, 50]);
  });

  it('has no shares when every weight is zero', () => {
    expect(
      weightSegments([
        { text: 'a', weight: 0 },
        { text: 'b', weight: 0 },
      ]).map(s => s.share),
    ).toEqual([0, 0]);
  });
});
