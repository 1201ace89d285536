import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledValue } from './usePolledValue';

describe('usePolledValue', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps the previous value while refetching and after a failed poll', async () => {
    jest.useFakeTimers();
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockImplementationOnce(() => new Promise(() => {}))
      .mockRejectedValueOnce(new Error('backend down'))
      .mockResolvedValueOnce('third');
    const { result } = renderHook(() => usePolledValue(fetcher, 1000, []));
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value).toBe('first'));
    expect(result.current.loading).toBe(false);

    // The second poll never answers: the value stays and loading stays false.
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(fetcher).toHaveBeenCalledTimes(2);
    expect(result.current).toMatchObject({ value: 'first', loading: false });
    expect(result.current.error).toBeUndefined();

    // The third poll fails: the value stays and the error is reported beside it.
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(result.current.value).toBe('first');
    expect(result.current.error?.message).toBe('backend down');

    // The fourth succeeds and clears the error.
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(result.current.value).toBe('third');
    expect(result.current.error).toBeUndefined();
  });

  it('ignores an answer that arrives after a newer one', async () => {
    let resolveSlow: (v: string) => void = () => {};
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockImplementationOnce(() => new Promise(r => (resolveSlow = r)))
      .mockResolvedValueOnce('fresh');
    const { result } = renderHook(() => usePolledValue(fetcher, 60_000, []));
    await act(async () => {
      await result.current.refresh();
    });
    expect(result.current.value).toBe('fresh');
    await act(async () => {
      resolveSlow('stale');
    });
    expect(result.current.value).toBe('fresh');
  });
});
