import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  certificateStillGood,
  createCertificateAuthority,
  issueServerCertificate,
  KeyAndCertificate,
} from './certificates';

/** A cluster's credentials as files in its state directory, so restarts keep them valid. */
export interface ClusterCredentials {
  token: string;
  tokenFile: string;
  /** A second token, read-only (the `view` ClusterRole): for trying clients with limited rights. */
  viewerToken: string;
  viewerTokenFile: string;
  /** Present when the cluster serves HTTPS. */
  tls?: {
    ca: KeyAndCertificate;
    server: KeyAndCertificate;
    caFile: string;
  };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writePrivate(file: string, content: string): Promise<void> {
  await fs.writeFile(file, content, { mode: 0o600 });
}

async function loadOrCreateToken(
  file: string,
  prefix: string,
): Promise<string> {
  let token = (await readIfExists(file))?.trim();
  if (!token) {
    token = `${prefix}.${randomBytes(24).toString('hex')}`;
    await writePrivate(file, `${token}\n`);
  }
  return token;
}

/**
 * Reads `<dir>/{token,viewer-token,ca.crt,ca.key,server.crt,server.key}` or creates what is missing.
 * The CA and token are never replaced once written (a backend may have stored them);
 * only a server certificate that is expiring or not from this CA is re-issued.
 */
export async function loadOrCreateCredentials(
  dir: string,
  clusterName: string,
  tls: boolean,
): Promise<ClusterCredentials> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tokenFile = path.join(dir, 'token');
  const token = await loadOrCreateToken(tokenFile, 'sandbox');
  const viewerTokenFile = path.join(dir, 'viewer-token');
  const viewerToken = await loadOrCreateToken(viewerTokenFile, 'viewer');
  if (!tls) {
    return { token, tokenFile, viewerToken, viewerTokenFile };
  }
  const caFile = path.join(dir, 'ca.crt');
  const caKeyFile = path.join(dir, 'ca.key');
  const serverFile = path.join(dir, 'server.crt');
  const serverKeyFile = path.join(dir, 'server.key');

  let ca: KeyAndCertificate;
  const caCert = await readIfExists(caFile);
  const caKey = await readIfExists(caKeyFile);
  if (caCert && caKey) {
    ca = { certPem: caCert, keyPem: caKey };
  } else {
    ca = createCertificateAuthority(`meshport-sandbox-ca-${clusterName}`);
    await fs.writeFile(caFile, ca.certPem);
    await writePrivate(caKeyFile, ca.keyPem);
  }

  const serverCert = await readIfExists(serverFile);
  const serverKey = await readIfExists(serverKeyFile);
  let server: KeyAndCertificate;
  if (serverCert && serverKey && certificateStillGood(serverCert, ca.certPem)) {
    server = { certPem: serverCert, keyPem: serverKey };
  } else {
    server = issueServerCertificate(ca, {
      commonName: 'kube-apiserver',
      ipAddresses: ['127.0.0.1'],
      dnsNames: ['localhost'],
    });
    await fs.writeFile(serverFile, server.certPem);
    await writePrivate(serverKeyFile, server.keyPem);
  }
  return {
    token,
    tokenFile,
    viewerToken,
    viewerTokenFile,
    tls: { ca, server, caFile },
  };
}
