import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatClock } from '../../lib/redChartRows';
import { fixedSizeResizeObserver } from '../../testing/chartsInJsdom';
import { emptySeries, reviewsInbound } from '../../testing/metricsFixtures';
import { RedCharts } from './RedCharts';

let restore: () => void;
beforeAll(() => {
  restore = fixedSizeResizeObserver();
});
afterAll(() => restore());

const legendOf = (figure: HTMLElement) =>
  [...figure.querySelectorAll('.recharts-legend-item-text')].map(
    e => e.textContent,
  );

describe('RedCharts', () => {
  it('draws request rate, errors and latency with their units, legends and clock-time axes', async () => {
    await renderInTestApp(
      <RedCharts series={reviewsInbound()} title="Inbound" />,
    );
    const group = screen.getByRole('group', { name: 'Inbound' });
    expect(within(group).getByRole('heading')).toHaveTextContent('Inbound');

    const rate = within(group).getByRole('figure', { name: 'Request rate' });
    const errors = within(group).getByRole('figure', { name: 'Errors' });
    const latency = within(group).getByRole('figure', { name: 'Latency' });
    expect(rate).toHaveTextContent('Request rate (req/s)');
    expect(errors).toHaveTextContent('Errors (req/s)');
    expect(latency).toHaveTextContent('Latency (ms)');
    expect(legendOf(rate)).toEqual(['requests']);
    expect(legendOf(errors)).toEqual(['4xx', '5xx']);
    expect(legendOf(latency)).toEqual(['p50', 'p95', 'p99']);

    // One drawn line per series, each through its points.
    for (const [figure, lines] of [
      [rate, 1],
      [errors, 2],
      [latency, 3],
    ] as const) {
      const curves = figure.querySelectorAll('path.recharts-line-curve');
      expect(curves).toHaveLength(lines);
      curves.forEach(c => expect(c.getAttribute('d')).toMatch(/^M.+L/));
    }

    // The fixture spans 45 s from 10:00:00 UTC: ticks on round 10 s, labelled with seconds.
    const t0 = 1_772_445_600_000;
    const ticks = [
      ...rate.querySelectorAll('.recharts-xAxis-tick-labels text'),
    ].map(t => t.textContent);
    expect(ticks).toEqual(
      [0, 10, 20, 30, 40].map(s => formatClock(t0 + s * 1000, true)),
    );
  });

  it("shows the error rate's share of requests in the tooltip", async () => {
    await renderInTestApp(<RedCharts series={reviewsInbound()} />);
    const errors = screen.getByRole('figure', { name: 'Errors' });
    const wrapper = errors.querySelector('.recharts-wrapper')!;
    // Second point (15 s): 4.2 req/s of which 0.4 answered 5xx. The plot spans x 44–592 in jsdom.
    fireEvent.mouseMove(wrapper, { clientX: 44 + 548 / 3, clientY: 40 });
    await waitFor(() =>
      expect(
        errors.querySelector('.recharts-default-tooltip'),
      ).toHaveTextContent('5xx : 0.40 req/s (9.5 % of requests)'),
    );
    expect(errors.querySelector('.recharts-default-tooltip')).toHaveTextContent(
      '4xx : 0 req/s',
    );
  });

  it('says there were no requests instead of drawing empty charts', async () => {
    const series = {
      ...emptySeries(),
      rps: [
        [1_772_445_600, 0],
        [1_772_445_615, 0],
      ] as Array<[number, number]>,
    };
    await renderInTestApp(<RedCharts series={series} title="Outbound" />);
    const group = screen.getByRole('group', { name: 'Outbound' });
    expect(group).toHaveTextContent('No requests in the window.');
    expect(group.querySelector('svg')).toBeNull();
  });
});
