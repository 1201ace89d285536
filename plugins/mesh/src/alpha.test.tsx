import plugin from './alpha';

describe('mesh plugin for the new frontend system', () => {
  it('is the mesh plugin with the API, the Mesh, Traffic, Security and Topology tabs and the admin page', () => {
    expect(plugin.pluginId).toBe('mesh');
    expect(plugin.getExtension('api:mesh')).toBeDefined();
    expect(plugin.getExtension('entity-content:mesh/mesh')).toBeDefined();
    expect(plugin.getExtension('entity-content:mesh/traffic')).toBeDefined();
    expect(plugin.getExtension('entity-content:mesh/security')).toBeDefined();
    expect(plugin.getExtension('entity-content:mesh/topology')).toBeDefined();
    expect(plugin.getExtension('page:mesh')).toBeDefined();
    expect(Object.keys(plugin.routes).sort()).toEqual([
      'admin',
      'root',
      'security',
      'topology',
      'traffic',
    ]);
  });
});
