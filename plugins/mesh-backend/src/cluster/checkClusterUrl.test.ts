import { InputError } from '@backstage/errors';
import {
  checkClusterUrl,
  LookupAll,
  privateAddressRange,
} from './checkClusterUrl';

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map(address => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));

const publicDns = resolvesTo('93.184.216.34');

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('privateAddressRange', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0:a00:1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['::7f00:1', 'loopback'],
  ])('%s is %s', (address, range) => {
    expect(privateAddressRange(address)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', address => {
    expect(privateAddressRange(address)).toBeUndefined();
  });
});

describe('checkClusterUrl', () => {
  it('accepts a public https URL and reports what it resolved to', async () => {
    const checked = await checkClusterUrl('https://k8s.example.com:6443', {
      lookup: resolvesTo('93.184.216.34', '2606:4700::1111'),
    });
    expect(checked.addresses).toEqual(['93.184.216.34', '2606:4700::1111']);
    expect(checked.url.port).toBe('6443');
    await expect(
      checkClusterUrl('https://93.184.216.34:6443'),
    ).resolves.toMatchObject({ addresses: ['93.184.216.34'] });
    await expect(
      checkClusterUrl('https://[2606:4700::1111]:6443'),
    ).resolves.toMatchObject({ addresses: ['2606:4700::1111'] });
  });

  it('refuses http unless allowInsecure', async () => {
    const e = await errorOf(
      checkClusterUrl('http://k8s.example.com', { lookup: publicDns }),
    );
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      'apiUrl must use https: set allowInsecure to true to send the token over plain http',
    );
    await expect(
      checkClusterUrl('http://k8s.example.com', {
        allowInsecure: true,
        lookup: publicDns,
      }),
    ).resolves.toBeDefined();
  });

  it('refuses other schemes and non-URLs', async () => {
    expect(
      (
        await errorOf(
          checkClusterUrl('ftp://k8s.example.com', { allowInsecure: true }),
        )
      ).message,
    ).toMatch(/^apiUrl must start with https:\/\//);
    expect(
      (await errorOf(checkClusterUrl('k8s.example.com:6443'))).message,
    ).toMatch(/^apiUrl must start with https:\/\//);
    expect((await errorOf(checkClusterUrl('not a url'))).message).toMatch(
      /^apiUrl must be a URL/,
    );
  });

  it('refuses credentials in the URL without repeating them', async () => {
    for (const u of [
      'https://admin:hunter2@k8s.example.com',
      'https://admin@k8s.example.com',
      'https://:hunter2@k8s.example.com',
    ]) {
      const e = await errorOf(
        checkClusterUrl(u, { allowPrivateClusterUrls: true }),
      );
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe(
        'apiUrl must not contain a user name or password: put the credential in token',
      );
      expect(e.message).not.toContain('hunter2');
    }
  });

  it.each([
    ['https://127.0.0.1:6443', 'loopback'],
    ['https://2130706433:6443', 'loopback'],
    ['https://0x7f.1:6443', 'loopback'],
    ['https://10.0.0.1:6443', 'private'],
    ['https://169.254.169.254', 'linkLocal'],
    ['https://0.0.0.0:6443', 'unspecified'],
    ['https://[::1]:6443', 'loopback'],
    ['https://[::]:6443', 'unspecified'],
    ['https://[fe80::1]:6443', 'linkLocal'],
    ['https://[fd00::1]:6443', 'uniqueLocal'],
    ['https://[::ffff:127.0.0.1]:6443', 'loopback'],
  ])('refuses %s (%s) unless private URLs are allowed', async (u, range) => {
    const lookup = jest.fn(publicDns);
    const e = await errorOf(checkClusterUrl(u, { lookup }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(
      new RegExp(
        `^apiUrl points at a ${range} address; set mesh.allowPrivateClusterUrls`,
      ),
    );
    expect(lookup).not.toHaveBeenCalled();
    await expect(
      checkClusterUrl(u, { allowPrivateClusterUrls: true }),
    ).resolves.toBeDefined();
  });

  it('refuses a host name when any of its addresses is private', async () => {
    const e = await errorOf(
      checkClusterUrl('https://k8s.example.com', {
        lookup: resolvesTo('93.184.216.34', 'fd00::5'),
      }),
    );
    expect(e.message).toBe(
      'apiUrl points at a uniqueLocal address (k8s.example.com resolves to fd00::5); set mesh.allowPrivateClusterUrls to true to allow clusters on private networks',
    );
  });

  it('resolves names with the system resolver: localhost is loopback', async () => {
    const e = await errorOf(checkClusterUrl('https://localhost:6443'));
    expect(e.message).toMatch(
      /^apiUrl points at a loopback address \(localhost resolves to (127\.0\.0\.1|::1)\)/,
    );
  });

  it('fails closed when the name cannot be resolved, and does not resolve when private URLs are allowed', async () => {
    const lookup: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), {
        code: 'ENOTFOUND',
      });
    };
    expect(
      (await errorOf(checkClusterUrl('https://nowhere.invalid', { lookup })))
        .message,
    ).toBe('apiUrl host nowhere.invalid cannot be resolved (ENOTFOUND)');
    expect(
      (
        await errorOf(
          checkClusterUrl('https://nowhere.invalid', { lookup: resolvesTo() }),
        )
      ).message,
    ).toBe('apiUrl host nowhere.invalid cannot be resolved');
    const spy = jest.fn(lookup);
    await expect(
      checkClusterUrl('https://nowhere.invalid', {
        lookup: spy,
        allowPrivateClusterUrls: true,
      }),
    ).resolves.toMatchObject({ addresses: [] });
    expect(spy).not.toHaveBeenCalled();
  });

  it('names the field it was given', async () => {
    const e = await errorOf(
      checkClusterUrl('http://10.0.0.1', { field: 'mesh.clusters[2].apiUrl' }),
    );
    expect(e.message).toMatch(/^mesh\.clusters\[2\]\.apiUrl must use https/);
  });
});
