import { render, screen, waitFor } from '@testing-library/react';
import { lintYaml } from '../../lib/lintYaml';
import { reviewsYaml } from '../../testing/changeFixtures';
import { stubRangeGeometry } from '../../testing/codemirrorInJsdom';
import { YamlEditor } from './YamlEditor';

beforeAll(stubRangeGeometry);

describe('YamlEditor', () => {
  it('shows the text in CodeMirror and underlines the markers it is given', async () => {
    const text = reviewsYaml.replace('subset: v1', 'subsett: v1');
    const { container } = render(
      <YamlEditor
        value={text}
        onChange={jest.fn()}
        markers={lintYaml(text).markers}
        label="YAML of VirtualService bookinfo/reviews"
      />,
    );
    const editor = screen.getByRole('textbox', {
      name: 'YAML of VirtualService bookinfo/reviews',
    });
    expect(editor).toHaveTextContent('kind: VirtualService');
    await waitFor(() =>
      expect(container.querySelector('.cm-lintRange-error')).toHaveTextContent(
        'subsett',
      ),
    );
  });
});
