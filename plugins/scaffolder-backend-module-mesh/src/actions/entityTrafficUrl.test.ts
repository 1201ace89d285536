import { InputError } from '@backstage/errors';
import { entityTrafficUrl } from './entityTrafficUrl';

describe('entityTrafficUrl', () => {
  it('lower-cases kind and namespace as the catalog routes do, keeping the name', () => {
    expect(entityTrafficUrl('Component:Shop/Reviews', 'c-1')).toBe(
      '/catalog/shop/component/Reviews/traffic?canary=c-1',
    );
  });

  it('defaults the namespace and escapes the id', () => {
    expect(entityTrafficUrl('component:reviews')).toBe(
      '/catalog/default/component/reviews/traffic',
    );
    expect(entityTrafficUrl('component:default/reviews', 'x&y')).toBe(
      '/catalog/default/component/reviews/traffic?canary=x%26y',
    );
  });

  it.each(['reviews', 'default/reviews', 'component:', ''])(
    'refuses %j, naming entityRef',
    ref => {
      expect(() => entityTrafficUrl(ref)).toThrow(InputError);
      expect(() => entityTrafficUrl(ref)).toThrow(/^entityRef: /);
    },
  );
});
