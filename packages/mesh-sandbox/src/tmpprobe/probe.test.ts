import * as k8s from '@kubernetes/client-node';
describe('probe', () => {
  it('imports client-node', async () => {
    expect(typeof k8s.KubeConfig).toBe('function');
    expect(typeof k8s.makeInformer).toBe('function');
  });
});
