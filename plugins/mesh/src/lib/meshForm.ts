import { RegisterMeshRequest } from '@meshport/plugin-mesh-common';

export interface MeshMemberFormValues {
  cluster: string;
  role: 'primary' | 'remote';
  network: string;
}

/** What the register-mesh form holds. `members` lists only the clusters ticked as members. */
export interface MeshFormValues {
  name: string;
  title: string;
  kind: 'external' | 'managed';
  controlPlaneCluster: string;
  members: MeshMemberFormValues[];
  revision: string;
  trustDomain: string;
  prometheusUrl: string;
}

export const emptyMeshForm: MeshFormValues = {
  name: '',
  title: '',
  kind: 'external',
  controlPlaneCluster: '',
  members: [],
  revision: '',
  trustDomain: 'cluster.local',
  prometheusUrl: '',
};

function optional<K extends string>(
  key: K,
  value: string,
): Partial<Record<K, string>> {
  const v = value.trim();
  return v ? ({ [key]: v } as Partial<Record<K, string>>) : {};
}

/** Turns form input into the request body, leaving out blank optional fields. Still unvalidated. */
export function toRegisterMeshRequest(
  values: MeshFormValues,
): RegisterMeshRequest {
  return {
    name: values.name.trim(),
    ...optional('title', values.title),
    kind: values.kind,
    controlPlaneCluster: values.controlPlaneCluster,
    members: values.members.map(m => ({
      cluster: m.cluster,
      role: m.role,
      ...optional('network', m.network),
    })),
    ...optional('revision', values.revision),
    // Blank means "the default", which the schema fills in as cluster.local.
    ...optional('trustDomain', values.trustDomain),
    ...optional('prometheusUrl', values.prometheusUrl),
  };
}

/**
 * Ticks or unticks a cluster as a member. The first member ticked becomes primary and, if none is
 * chosen yet, the control plane: the common single-primary setup needs no further clicks.
 */
export function toggleMember(
  values: MeshFormValues,
  cluster: string,
  member: boolean,
): MeshFormValues {
  const present = values.members.some(m => m.cluster === cluster);
  if (member === present) return values;
  if (!member) {
    return {
      ...values,
      members: values.members.filter(m => m.cluster !== cluster),
      controlPlaneCluster:
        values.controlPlaneCluster === cluster
          ? ''
          : values.controlPlaneCluster,
    };
  }
  const first = values.members.length === 0;
  return {
    ...values,
    members: [
      ...values.members,
      { cluster, role: first ? 'primary' : 'remote', network: '' },
    ],
    controlPlaneCluster: values.controlPlaneCluster || cluster,
  };
}
