import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { revisionWebhook, tagWebhook } from '../model/__fixtures__/webhooks';
import { injectorSetupFrom, injectorSetupOf } from './injectorSetup';

const otherWebhook: KubeObject = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: { name: 'cert-manager-webhook' },
};

describe('injectorSetupFrom', () => {
  it('is unknown without any webhook configuration', () => {
    expect(injectorSetupFrom([])).toBeUndefined();
  });

  it('a plain install: revision "default" serves the default webhooks', () => {
    expect(
      injectorSetupFrom([revisionWebhook('default'), otherWebhook]),
    ).toEqual({
      revisions: ['default'],
      tags: {},
      defaultRevision: 'default',
      defaultFrom: 'revision',
    });
  });

  it('the default tag takes the default webhooks over', () => {
    expect(
      injectorSetupFrom([
        revisionWebhook('default'),
        revisionWebhook('1-27'),
        tagWebhook('default', '1-27'),
      ]),
    ).toMatchObject({
      revisions: ['1-27', 'default'],
      tags: { default: '1-27' },
      defaultRevision: '1-27',
      defaultFrom: 'tag',
    });
  });

  it('revisions and tags without a default: nothing serves istio-injection=enabled', () => {
    const setup = injectorSetupFrom([
      revisionWebhook('canary'),
      tagWebhook('stable', 'canary'),
    ]);
    expect(setup).toEqual({
      revisions: ['canary'],
      tags: { stable: 'canary' },
    });
  });

  it('reads one cluster of a multi-cluster index', () => {
    const index = new MeshIndex();
    index.upsert(revisionWebhook('default'), 'east');
    index.upsert(revisionWebhook('canary'), 'west');
    expect(injectorSetupOf(index, 'west')?.revisions).toEqual(['canary']);
    expect(injectorSetupOf(index, 'north')).toBeUndefined();
  });
});
