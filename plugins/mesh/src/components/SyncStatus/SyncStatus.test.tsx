import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ClusterSyncState } from '@meshport/plugin-mesh-common';
import { SyncStatus } from './SyncStatus';

const now = Date.parse('2026-11-22T12:00:00Z');
const base: ClusterSyncState = {
  status: 'synced',
  objectCounts: {},
  missingKinds: [],
  lastEventAt: '2026-11-22T11:58:00Z',
};

describe('SyncStatus', () => {
  it('calls a synced cluster with live watches live', async () => {
    await renderInTestApp(<SyncStatus sync={base} now={now} />);
    expect(screen.getByText(/live, last change 2 min ago/)).toBeInTheDocument();
  });

  it('says since when the data is stale and why, while the cluster is away', async () => {
    await renderInTestApp(
      <SyncStatus
        sync={{
          ...base,
          status: 'error',
          staleSince: '2026-11-22T11:59:30Z',
          lastError: {
            message: 'pods: connection refused',
            at: '2026-11-22T11:59:59Z',
          },
        }}
        now={now}
      />,
    );
    expect(screen.getByText(/data stale since 30 s ago/)).toBeInTheDocument();
    expect(screen.getByText('pods: connection refused')).toBeInTheDocument();
  });

  it('hides an old error once the cluster is synced again', async () => {
    await renderInTestApp(
      <SyncStatus
        sync={{
          ...base,
          lastError: { message: 'old failure', at: '2026-11-22T11:00:00Z' },
        }}
        now={now}
      />,
    );
    expect(screen.queryByText('old failure')).not.toBeInTheDocument();
  });
});
