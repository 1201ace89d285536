import {
  injectorSetupFrom,
  revisionWebhookConfig,
  tagWebhookConfig,
} from './injectorSetup';

describe('injectorSetupFrom', () => {
  it('reads revisions and tags from the webhook configurations, as istioctl leaves them', () => {
    const setup = injectorSetupFrom([
      revisionWebhookConfig('default'),
      revisionWebhookConfig('canary'),
      tagWebhookConfig('stable', 'canary'),
    ]);
    expect(setup).toEqual({
      revisions: ['canary', 'default'],
      defaultRevision: 'default',
      tags: { stable: 'canary' },
    });
  });

  it('gives the default webhooks to the revision the "default" tag points at', () => {
    const setup = injectorSetupFrom([
      revisionWebhookConfig('1-27-1'),
      tagWebhookConfig('default', '1-27-1'),
    ]);
    expect(setup).toEqual({
      revisions: ['1-27-1'],
      defaultRevision: '1-27-1',
      tags: {},
    });
  });

  it('has no default injector when only revisioned installs exist, and ignores foreign webhooks', () => {
    const foreign = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'cert-manager-webhook' },
    };
    expect(
      injectorSetupFrom([revisionWebhookConfig('canary'), foreign]),
    ).toEqual({ revisions: ['canary'], defaultRevision: undefined, tags: {} });
  });
});
