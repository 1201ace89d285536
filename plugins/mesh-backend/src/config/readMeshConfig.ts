import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  describeZodError,
  registerClusterRequestSchema,
  registerMeshRequestSchema,
} from '@meshport/plugin-mesh-common';
import fs from 'fs';
import { NewCluster, NewMesh } from '../database/MeshStore';
import { normalizeCaData } from '../cluster/normalizeCaData';

export const CONFIG_PRINCIPAL = 'config:app-config';

export interface MeshConfig {
  encryptionKey: string;
  /** `mesh.allowPrivateClusterUrls`: clusters may be on private, loopback and link-local addresses. */
  allowPrivateClusterUrls: boolean;
  clusters: NewCluster[];
  meshes: NewMesh[];
}

function readFile(path: string, key: string): string {
  try {
    return fs.readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new InputError(
      `${key}: cannot read file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/**
 * Reads `mesh.*` from app-config, validating each entry with the same schemas as the REST API
 * so config and the admin page accept the same things. Errors name the config key.
 * The URL rules that need DNS are checked apart, by `checkConfigClusters`.
 */
export function readMeshConfig(config: Config): MeshConfig {
  const encryptionKey = config.getString('mesh.encryptionKey');
  const clusters = (config.getOptionalConfigArray('mesh.clusters') ?? []).map(
    (c, i): NewCluster => {
      const key = `mesh.clusters[${i}]`;
      const caFile = c.getOptionalString('caFile');
      const tokenFile = c.getOptionalString('tokenFile');
      const raw = {
        name: c.getString('name'),
        title: c.getOptionalString('title'),
        apiUrl: c.getString('apiUrl'),
        caData: caFile
          ? readFile(caFile, `${key}.caFile`)
          : c.getOptionalString('caData'),
        insecureSkipTlsVerify: c.getOptionalBoolean('insecureSkipTlsVerify'),
        allowInsecure: c.getOptionalBoolean('allowInsecure'),
        gitops: c.getOptionalBoolean('gitops'),
        impersonate: c.getOptionalBoolean('impersonate'),
        token: tokenFile
          ? readFile(tokenFile, `${key}.tokenFile`)
          : (c.getOptionalString('token') ?? ''),
        labels: c.getOptional<Record<string, string>>('labels'),
      };
      const parsed = registerClusterRequestSchema.safeParse(raw);
      if (!parsed.success)
        throw new InputError(`${key}: ${describeZodError(parsed.error)}`);
      const v = parsed.data;
      return {
        name: v.name,
        title: v.title,
        apiUrl: v.apiUrl,
        caData: v.caData
          ? normalizeCaData(v.caData, `${key}.caData`)
          : undefined,
        insecureSkipTlsVerify: v.insecureSkipTlsVerify ?? false,
        allowInsecure: v.allowInsecure ?? false,
        gitops: v.gitops ?? false,
        impersonate: v.impersonate ?? false,
        labels: v.labels ?? {},
        source: 'config',
        createdBy: CONFIG_PRINCIPAL,
        credentials: { kind: 'bearerToken', token: v.token },
      };
    },
  );
  const meshes = (config.getOptionalConfigArray('mesh.meshes') ?? []).map(
    (m, i): NewMesh => {
      const parsed = registerMeshRequestSchema.safeParse(m.get());
      if (!parsed.success)
        throw new InputError(
          `mesh.meshes[${i}]: ${describeZodError(parsed.error)}`,
        );
      return { ...parsed.data, source: 'config', createdBy: CONFIG_PRINCIPAL };
    },
  );
  const allowPrivateClusterUrls =
    config.getOptionalBoolean('mesh.allowPrivateClusterUrls') ?? false;
  return { encryptionKey, allowPrivateClusterUrls, clusters, meshes };
}
