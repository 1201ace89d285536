import { registerMeshRequestSchema } from '@meshport/plugin-mesh-common';
import { emptyMeshForm, toggleMember, toRegisterMeshRequest } from './meshForm';

describe('toggleMember', () => {
  it('makes the first member primary and the control plane', () => {
    const v = toggleMember(
      toggleMember(emptyMeshForm, 'east', true),
      'west',
      true,
    );
    expect(v.members).toEqual([
      { cluster: 'east', role: 'primary', network: '' },
      { cluster: 'west', role: 'remote', network: '' },
    ]);
    expect(v.controlPlaneCluster).toBe('east');
  });

  it('clears the control plane when its cluster is removed', () => {
    const v = toggleMember(
      toggleMember(emptyMeshForm, 'east', true),
      'east',
      false,
    );
    expect(v.members).toEqual([]);
    expect(v.controlPlaneCluster).toBe('');
  });
});

describe('toRegisterMeshRequest', () => {
  it('builds a body the schema accepts, without blank optionals', () => {
    const values = {
      ...toggleMember(toggleMember(emptyMeshForm, 'east', true), 'west', true),
      name: 'prod',
      prometheusUrl: ' ',
      revision: '1-27',
    };
    values.members[1].network = 'net2';
    const body = toRegisterMeshRequest(values);
    expect(body).toEqual({
      name: 'prod',
      kind: 'external',
      controlPlaneCluster: 'east',
      members: [
        { cluster: 'east', role: 'primary' },
        { cluster: 'west', role: 'remote', network: 'net2' },
      ],
      revision: '1-27',
      trustDomain: 'cluster.local',
    });
    expect(registerMeshRequestSchema.safeParse(body).success).toBe(true);
  });

  it('lets the schema reject a remote control plane', () => {
    const values = {
      ...toggleMember(toggleMember(emptyMeshForm, 'east', true), 'west', true),
      name: 'prod',
      controlPlaneCluster: 'west',
    };
    const result = registerMeshRequestSchema.safeParse(
      toRegisterMeshRequest(values),
    );
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['controlPlaneCluster']);
  });
});
