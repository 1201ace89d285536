import { entityMeshSelector } from '@meshport/plugin-mesh-common';
import { annotationSnippet } from './annotationSnippet';

describe('annotationSnippet', () => {
  it('names the entity and yields an annotation Meshport accepts', () => {
    const yaml = annotationSnippet('reviews');
    expect(yaml).toContain('backstage.io/kubernetes-id: reviews');
    expect(yaml).toContain(
      '# backstage.io/kubernetes-label-selector: app=reviews',
    );
    // The uncommented line, parsed as the one annotation it sets, must satisfy the selector check.
    const [key, value] = yaml.split('\n')[2].trim().split(': ');
    expect(
      entityMeshSelector({ metadata: { annotations: { [key]: value } } }),
    ).toMatchObject({
      ok: true,
      selector: { labelSelector: 'backstage.io/kubernetes-id=reviews' },
    });
  });
});
