import { registerClusterRequestSchema } from '@meshport/plugin-mesh-common';
import { fieldErrors, fieldOfServerMessage } from './fieldErrors';

describe('fieldErrors', () => {
  it('keys each message by its field path', () => {
    const result = registerClusterRequestSchema.safeParse({
      name: 'Bad_Name',
      apiUrl: 'https://10.0.0.1:6443',
      token: 't',
    });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors.name).toMatch(/lowercase letters/);
    expect(errors.caData).toBe(
      'is required for an https URL unless insecureSkipTlsVerify is true',
    );
    expect(errors.token).toBeUndefined();
  });

  it('keeps the first message of a path and joins nested paths', () => {
    expect(
      fieldErrors({
        issues: [
          { path: ['members', 1, 'cluster'], message: 'lists a twice' },
          { path: ['members', 1, 'cluster'], message: 'second' },
          { path: ['token'], message: 'Required' },
        ],
      }),
    ).toEqual({ 'members.1.cluster': 'lists a twice', token: 'is required' });
  });
});

describe('fieldOfServerMessage', () => {
  it('finds the field a backend message starts with', () => {
    expect(
      fieldOfServerMessage(
        'apiUrl must be a URL such as https://10.0.0.1:6443',
        ['name', 'apiUrl'],
      ),
    ).toBe('apiUrl');
    expect(
      fieldOfServerMessage('connection failed: ECONNREFUSED', [
        'name',
        'apiUrl',
      ]),
    ).toBeUndefined();
  });
});
