import { cloneJson } from './cloneJson';

describe('cloneJson', () => {
  it('copies nested objects and arrays so changes to the copy leave the original alone', () => {
    const original = {
      metadata: { name: 'a', labels: { app: 'x' } },
      spec: { ports: [{ port: 80 }], replicas: 2, paused: false, note: null },
    };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.app = 'y';
    copy.spec.ports[0].port = 81;
    expect(original.metadata.labels.app).toBe('x');
    expect(original.spec.ports[0].port).toBe(80);
  });

  it('returns an unfrozen copy of a frozen value', () => {
    const frozen = Object.freeze({ a: Object.freeze([1, 2]) });
    const copy = cloneJson(frozen);
    expect(Object.isFrozen(copy)).toBe(false);
    expect(Object.isFrozen(copy.a)).toBe(false);
  });
});
