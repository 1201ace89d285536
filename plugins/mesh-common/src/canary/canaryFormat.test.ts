import { formatCanaryDuration, formatCanaryNumber } from './canaryFormat';

describe('formatCanaryNumber', () => {
  it('shows 4 significant digits without trailing zeros, and whole digits whole', () => {
    expect(formatCanaryNumber(98.2)).toBe('98.2');
    expect(formatCanaryNumber(98.21666)).toBe('98.22');
    expect(formatCanaryNumber(720)).toBe('720');
    expect(formatCanaryNumber(12345.6)).toBe('12346');
    expect(formatCanaryNumber(0.4)).toBe('0.4');
    expect(formatCanaryNumber(0.000123456)).toBe('0.0001235');
    expect(formatCanaryNumber(0)).toBe('0');
    expect(formatCanaryNumber(-3.14159)).toBe('-3.142');
    expect(formatCanaryNumber(Infinity)).toBe('+Inf');
  });

  it('adds digits until the value reads differently from its bound', () => {
    expect(formatCanaryNumber(98.99996, 99)).toBe('98.99996');
    expect(formatCanaryNumber(500.04, 500)).toBe('500.04');
    expect(formatCanaryNumber(99, 99)).toBe('99');
    expect(formatCanaryNumber(80, 99)).toBe('80');
  });
});

describe('formatCanaryDuration', () => {
  it('uses h, min and s', () => {
    expect(formatCanaryDuration(45)).toBe('45 s');
    expect(formatCanaryDuration(60)).toBe('1 min');
    expect(formatCanaryDuration(90)).toBe('1 min 30 s');
    expect(formatCanaryDuration(300)).toBe('5 min');
    expect(formatCanaryDuration(7200)).toBe('2 h');
    expect(formatCanaryDuration(3900)).toBe('1 h 5 min');
    expect(formatCanaryDuration(0)).toBe('0 s');
    expect(() => formatCanaryDuration(-1)).toThrow('not a duration');
  });
});
