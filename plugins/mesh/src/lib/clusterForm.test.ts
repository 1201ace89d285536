import { registerClusterRequestSchema } from '@meshport/plugin-mesh-common';
import { emptyClusterForm, toRegisterClusterRequest } from './clusterForm';

describe('toRegisterClusterRequest', () => {
  it('leaves out blank optional fields and trims the rest', () => {
    expect(
      toRegisterClusterRequest({ ...emptyClusterForm, name: ' east ', apiUrl: 'http://127.0.0.1:6443', token: 'abc\n' }),
    ).toEqual({ name: 'east', apiUrl: 'http://127.0.0.1:6443', token: 'abc' });
  });

  it('produces a body the schema accepts when CA data is given', () => {
    const body = toRegisterClusterRequest({
      ...emptyClusterForm,
      name: 'west',
      title: 'West',
      apiUrl: 'https://10.0.0.1:6443',
      caData: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      token: 'tok',
    });
    expect(body.caData).toBe('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
    expect(registerClusterRequestSchema.safeParse(body).success).toBe(true);
  });

  it('sends insecureSkipTlsVerify only when checked', () => {
    const body = toRegisterClusterRequest({
      ...emptyClusterForm,
      name: 'lab',
      apiUrl: 'https://10.0.0.1:6443',
      insecureSkipTlsVerify: true,
      token: 'tok',
    });
    expect(body.insecureSkipTlsVerify).toBe(true);
    expect(registerClusterRequestSchema.safeParse(body).success).toBe(true);
  });
});
