import { registerClusterRequestSchema } from '@meshport/plugin-mesh-common';
import { emptyClusterForm, toRegisterClusterRequest } from './clusterForm';

describe('toRegisterClusterRequest', () => {
  it('leaves out blank optional fields and trims the rest', () => {
    expect(
      toRegisterClusterRequest({
        ...emptyClusterForm,
        name: ' east ',
        apiUrl: 'http://127.0.0.1:6443',
        token: 'abc\n',
      }),
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
    expect(body.caData).toBe(
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    );
    expect(registerClusterRequestSchema.safeParse(body).success).toBe(true);
  });

  it('sends allowInsecure only with an http URL, so the schema accepts it', () => {
    const values = {
      ...emptyClusterForm,
      name: 'lab',
      apiUrl: 'http://127.0.0.1:8001',
      token: 'tok',
    };
    expect(
      registerClusterRequestSchema.safeParse(toRegisterClusterRequest(values))
        .success,
    ).toBe(false);
    const body = toRegisterClusterRequest({ ...values, allowInsecure: true });
    expect(body.allowInsecure).toBe(true);
    expect(registerClusterRequestSchema.safeParse(body).success).toBe(true);
    expect(
      toRegisterClusterRequest({
        ...values,
        apiUrl: 'https://10.0.0.1:6443',
        insecureSkipTlsVerify: true,
        allowInsecure: true,
      }),
    ).not.toHaveProperty('allowInsecure');
  });

  it('sends gitops and impersonate only when checked', () => {
    const values = {
      ...emptyClusterForm,
      name: 'lab',
      apiUrl: 'https://10.0.0.1:6443',
      insecureSkipTlsVerify: true,
      token: 'tok',
    };
    expect(toRegisterClusterRequest(values)).not.toHaveProperty('gitops');
    expect(toRegisterClusterRequest(values)).not.toHaveProperty('impersonate');
    const body = toRegisterClusterRequest({
      ...values,
      gitops: true,
      impersonate: true,
    });
    expect(body).toMatchObject({ gitops: true, impersonate: true });
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
