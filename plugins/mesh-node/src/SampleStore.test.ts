import { SampleStore } from './SampleStore';

const target = { job: 'mesh', instance: '127.0.0.1:1234' };

describe('SampleStore', () => {
  it('adds job and instance to every series and keeps exposed ones as exported_*', () => {
    const store = new SampleStore({ retentionMs: 60_000, maxSamples: 100 });
    store.append(
      [{ name: 'm', labels: { job: 'envoy', a: '1', empty: '' }, value: 1 }],
      1000,
      target,
    );
    expect([...store.series('m')][0].labels).toEqual({
      exported_job: 'envoy',
      a: '1',
      job: 'mesh',
      instance: '127.0.0.1:1234',
    });
  });

  it('stamps samples with the scrape time unless they carry their own, and drops out-of-order ones', () => {
    const store = new SampleStore({ retentionMs: 60_000, maxSamples: 100 });
    store.append([{ name: 'm', labels: {}, value: 1 }], 1000, target);
    store.append(
      [{ name: 'm', labels: {}, value: 2, timestampMs: 1500 }],
      2000,
      target,
    );
    store.append([{ name: 'm', labels: {}, value: 3 }], 1500, target); // not newer: dropped
    store.append([{ name: 'm', labels: {}, value: 4 }], 3000, target);
    const [series] = [...store.series('m')];
    expect(series.timestamps).toEqual([1000, 1500, 3000]);
    expect(series.values).toEqual([1, 2, 4]);
    expect(store.sampleCount).toBe(3);
  });

  it('forgets samples past the retention and series left without samples', () => {
    const store = new SampleStore({ retentionMs: 10_000, maxSamples: 100 });
    store.append([{ name: 'old', labels: {}, value: 1 }], 1000, target);
    store.append([{ name: 'm', labels: {}, value: 1 }], 1000, target);
    store.append([{ name: 'm', labels: {}, value: 2 }], 9000, target);
    store.prune(15_000);
    expect([...store.series('old')]).toEqual([]);
    expect([...store.series('m')][0].values).toEqual([2]);
    expect(store.sampleCount).toBe(1);
    expect(store.seriesCount).toBe(1);
  });

  it('drops whole oldest scrapes until under the sample bound', () => {
    const store = new SampleStore({ retentionMs: 1e9, maxSamples: 5 });
    for (let i = 1; i <= 4; i += 1)
      store.append(
        [
          { name: 'a', labels: {}, value: i },
          { name: 'b', labels: {}, value: i },
        ],
        i * 1000,
        target,
      );
    store.prune(5000);
    expect(store.sampleCount).toBe(4);
    expect([...store.series('a')][0].timestamps).toEqual([3000, 4000]);
    expect([...store.series('b')][0].timestamps).toEqual([3000, 4000]);
  });
});
