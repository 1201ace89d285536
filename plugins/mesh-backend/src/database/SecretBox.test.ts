import { SecretBox } from './SecretBox';

describe('SecretBox', () => {
  const box = new SecretBox('a-test-key-of-enough-length');

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('{"token":"s3cr3t"}');
    expect(sealed).not.toContain('s3cr3t');
    expect(box.open(sealed)).toBe('{"token":"s3cr3t"}');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('fails on a different key or a tampered value, without echoing it', () => {
    const sealed = box.seal('secret-value');
    expect(() =>
      new SecretBox('another-key-of-enough-length').open(sealed),
    ).toThrow(/mesh.encryptionKey differs/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow(/Cannot decrypt/);
    expect(() => box.open('garbage')).toThrow(/unknown format/);
  });

  it('refuses short keys', () => {
    expect(() => new SecretBox('short')).toThrow(/at least 16/);
  });
});
