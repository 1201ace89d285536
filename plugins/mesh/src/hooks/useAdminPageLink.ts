import { useRouteRef } from '@backstage/core-plugin-api';
import { adminRouteRef } from '../routes';

/**
 * The admin page's URL, or undefined when the app has not mounted that page. `useRouteRef` throws
 * for an unmounted route; an app may well show the Mesh tab without the admin page (the admin page
 * can live in another portal), and then the empty state just names the page instead of linking.
 * The throw happens after all of `useRouteRef`'s own hooks ran, so catching it keeps hook order stable.
 */
export function useAdminPageLink(): string | undefined {
  try {
    return useRouteRef(adminRouteRef)();
  } catch {
    return undefined;
  }
}
