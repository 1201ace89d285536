import { LabelSpace } from './LabelSpace';

describe('LabelSpace', () => {
  it('claims free space once, and refuses overlaps', () => {
    const space = new LabelSpace(120, 60, 6);
    expect(space.claim(10, 10, 40, 20)).toBe(true);
    expect(space.claim(35, 15, 60, 25)).toBe(false);
    expect(space.claim(60, 30, 90, 40)).toBe(true);
    expect(space.isFree(0, 45, 119, 59)).toBe(true);
  });

  it('takes space whatever is there, for what is always drawn', () => {
    const space = new LabelSpace(60, 60, 6);
    space.take(0, 0, 30, 30);
    space.take(10, 10, 20, 20);
    expect(space.isFree(25, 25, 40, 40)).toBe(false);
    expect(space.isFree(36, 36, 50, 50)).toBe(true);
  });

  it('clips to the canvas: what lies outside it collides with nothing', () => {
    const space = new LabelSpace(60, 60, 6);
    expect(space.claim(-50, -50, -10, -10)).toBe(true);
    expect(space.claim(-50, -50, -10, -10)).toBe(true);
    expect(space.claim(50, 50, 200, 200)).toBe(true);
    expect(space.isFree(55, 55, 59, 59)).toBe(false);
  });
});
