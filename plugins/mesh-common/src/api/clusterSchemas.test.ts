import {
  describeZodError,
  registerClusterRequestSchema,
  registerMeshRequestSchema,
} from './clusterSchemas';

const errorOf = (
  schema:
    typeof registerClusterRequestSchema | typeof registerMeshRequestSchema,
  body: unknown,
) => {
  const r = schema.safeParse(body);
  return r.success ? undefined : describeZodError(r.error);
};

describe('registerClusterRequestSchema', () => {
  const valid = {
    name: 'prod-eu',
    apiUrl: 'https://10.0.0.1:6443',
    caData: 'PEM',
    token: 't',
  };
  it('accepts a complete registration', () => {
    expect(registerClusterRequestSchema.safeParse(valid).success).toBe(true);
    expect(
      registerClusterRequestSchema.safeParse({
        ...valid,
        caData: undefined,
        insecureSkipTlsVerify: true,
      }).success,
    ).toBe(true);
    expect(
      registerClusterRequestSchema.safeParse({
        name: 'dev',
        apiUrl: 'http://127.0.0.1:8080',
        allowInsecure: true,
        token: 't',
      }).success,
    ).toBe(true);
    expect(
      registerClusterRequestSchema.safeParse({
        ...valid,
        gitops: true,
        impersonate: true,
      }).success,
    ).toBe(true);
  });
  it('needs allowInsecure for http and refuses credentials in the URL', () => {
    expect(
      errorOf(registerClusterRequestSchema, {
        name: 'dev',
        apiUrl: 'http://127.0.0.1:8080',
        token: 't',
      }),
    ).toBe('apiUrl must use https unless allowInsecure is true');
    expect(
      errorOf(registerClusterRequestSchema, {
        ...valid,
        apiUrl: 'https://admin:pw@10.0.0.1:6443',
      }),
    ).toBe(
      'apiUrl must not contain a user name or password: put the credential in token',
    );
    expect(
      errorOf(registerClusterRequestSchema, { ...valid, gitops: 'yes' }),
    ).toMatch(/^gitops Expected boolean/);
  });
  it('names each bad field', () => {
    expect(
      errorOf(registerClusterRequestSchema, { ...valid, name: 'Prod EU' }),
    ).toMatch(/^name must be lowercase/);
    expect(
      errorOf(registerClusterRequestSchema, { ...valid, apiUrl: 'ftp://x' }),
    ).toMatch(/^apiUrl must start with https/);
    expect(
      errorOf(registerClusterRequestSchema, { ...valid, token: undefined }),
    ).toBe('token is required');
    expect(
      errorOf(registerClusterRequestSchema, { ...valid, caData: undefined }),
    ).toMatch(/^caData is required for an https URL/);
    expect(
      errorOf(registerClusterRequestSchema, {
        ...valid,
        insecureSkipTlsVerify: true,
      }),
    ).toMatch(/^insecureSkipTlsVerify cannot be true/);
    expect(
      errorOf(registerClusterRequestSchema, { ...valid, extra: 1 }),
    ).toMatch(/Unrecognized key/);
  });
});

describe('registerMeshRequestSchema', () => {
  const valid = {
    name: 'demo',
    kind: 'external',
    controlPlaneCluster: 'a',
    members: [
      { cluster: 'a', role: 'primary' },
      { cluster: 'b', role: 'remote', network: 'n2' },
    ],
  };
  it('defaults the trust domain', () => {
    const r = registerMeshRequestSchema.parse(valid);
    expect(r.trustDomain).toBe('cluster.local');
  });
  it('rejects a control plane outside the members, a remote control plane and duplicates', () => {
    expect(
      errorOf(registerMeshRequestSchema, {
        ...valid,
        controlPlaneCluster: 'c',
      }),
    ).toBe('controlPlaneCluster must be one of the members');
    expect(
      errorOf(registerMeshRequestSchema, {
        ...valid,
        controlPlaneCluster: 'b',
      }),
    ).toBe('controlPlaneCluster must be a member with role primary');
    expect(
      errorOf(registerMeshRequestSchema, {
        ...valid,
        members: [...valid.members, { cluster: 'a', role: 'remote' }],
      }),
    ).toBe('members.2.cluster lists a twice');
    expect(
      errorOf(registerMeshRequestSchema, { ...valid, kind: 'other' }),
    ).toMatch(/^kind /);
  });
});
