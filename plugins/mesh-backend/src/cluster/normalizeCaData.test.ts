import { generateKeyPairSync } from 'crypto';
import { normalizeCaData } from './normalizeCaData';

// A real self-signed certificate is needed to prove parsing; Node cannot mint one, so build a
// throwaway one with node-forge, which the sandbox already depends on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const forge = require('node-forge') as typeof import('node-forge');

function selfSigned(): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 1024,
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 86400000);
  cert.setSubject([{ name: 'commonName', value: 'test-ca' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test-ca' }]);
  cert.sign(
    forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ),
    forge.md.sha256.create(),
  );
  return forge.pki.certificateToPem(cert);
}

describe('normalizeCaData', () => {
  const pem = selfSigned();

  it('accepts PEM and base64 PEM and returns PEM', () => {
    expect(normalizeCaData(pem)).toContain('-----BEGIN CERTIFICATE-----');
    expect(normalizeCaData(Buffer.from(pem).toString('base64'))).toBe(
      normalizeCaData(pem),
    );
  });

  it('names the field and the problem', () => {
    expect(() => normalizeCaData('not a cert', 'caData')).toThrow(
      'caData is neither a PEM certificate nor base64 of one',
    );
    expect(() =>
      normalizeCaData(
        '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        'mesh.clusters[0].caData',
      ),
    ).toThrow('mesh.clusters[0].caData certificate 1 of 1 cannot be parsed');
  });
});
