import { parseFieldSelector } from '../store/fieldSelector';
import { parseLabelSelector } from '../store/labelSelector';
import { KubeObject, StoreEvent } from '../store/types';
import { filterWatchEvent } from './watchEvents';

const pod = (labels: Record<string, string>, rv: string): KubeObject => ({
  metadata: { name: 'p', namespace: 'n', labels, resourceVersion: rv },
});
const query = {
  labelSelector: parseLabelSelector('version=v1'),
  fieldSelector: parseFieldSelector(''),
};

function event(
  type: StoreEvent['type'],
  object: KubeObject,
  previous?: KubeObject,
): StoreEvent {
  return {
    type,
    resource: '/pods',
    revision: Number(object.metadata.resourceVersion),
    object,
    previous,
  };
}

describe('filterWatchEvent', () => {
  it('passes matching events through', () => {
    expect(
      filterWatchEvent(event('ADDED', pod({ version: 'v1' }, '1')), query)
        ?.type,
    ).toBe('ADDED');
    expect(
      filterWatchEvent(
        event(
          'MODIFIED',
          pod({ version: 'v1' }, '2'),
          pod({ version: 'v1' }, '1'),
        ),
        query,
      )?.type,
    ).toBe('MODIFIED');
    expect(
      filterWatchEvent(
        event(
          'DELETED',
          pod({ version: 'v1' }, '3'),
          pod({ version: 'v1' }, '2'),
        ),
        query,
      )?.type,
    ).toBe('DELETED');
  });

  it('turns entering the selection into ADDED and leaving it into DELETED at the new resourceVersion', () => {
    expect(
      filterWatchEvent(
        event(
          'MODIFIED',
          pod({ version: 'v1' }, '2'),
          pod({ version: 'v2' }, '1'),
        ),
        query,
      )?.type,
    ).toBe('ADDED');
    const leaving = filterWatchEvent(
      event(
        'MODIFIED',
        pod({ version: 'v2' }, '5'),
        pod({ version: 'v1' }, '4'),
      ),
      query,
    );
    expect(leaving?.type).toBe('DELETED');
    expect(leaving?.object.metadata).toMatchObject({
      resourceVersion: '5',
      labels: { version: 'v1' },
    });
  });

  it('drops events that never match', () => {
    expect(
      filterWatchEvent(event('ADDED', pod({ version: 'v2' }, '1')), query),
    ).toBeUndefined();
    expect(
      filterWatchEvent(
        event(
          'MODIFIED',
          pod({ version: 'v3' }, '2'),
          pod({ version: 'v2' }, '1'),
        ),
        query,
      ),
    ).toBeUndefined();
  });
});
