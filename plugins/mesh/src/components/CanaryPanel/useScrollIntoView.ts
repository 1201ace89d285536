import { RefObject, useEffect } from 'react';

/**
 * Scrolls the element into view when `active` turns true (a `?canary=` link named it), once, not
 * on every poll. jsdom has no `scrollIntoView`, hence the optional call.
 */
export function useScrollIntoView(
  ref: RefObject<HTMLElement>,
  active: boolean,
) {
  useEffect(() => {
    if (active)
      ref.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [active, ref]);
}
