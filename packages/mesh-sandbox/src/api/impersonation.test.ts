import { ApiError } from './ApiError';
import {
  impersonatedUser,
  impersonationAttributes,
  readImpersonation,
} from './impersonation';

describe('impersonation headers', () => {
  it('reads a user and groups, one per header line or comma-joined', () => {
    expect(readImpersonation({})).toBeUndefined();
    expect(
      readImpersonation({
        'impersonate-user': ['user:default/bob'],
        'impersonate-group': [
          'group:default/a',
          'group:default/b, group:default/c',
        ],
      }),
    ).toEqual({
      user: 'user:default/bob',
      groups: ['group:default/a', 'group:default/b', 'group:default/c'],
    });
  });

  it("refuses groups without a user with a 400 like the apiserver's message", () => {
    const error = readImpersonation({
      'impersonate-group': ['team-a', 'team-b'],
    }) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(400);
    expect(error.message).toBe(
      'requested [{Group  team-a    } {Group  team-b    }] without impersonating a user',
    );
  });

  it('asks for impersonate on users (or serviceaccounts) and on each group', () => {
    expect(
      impersonationAttributes({ user: 'user:default/bob', groups: ['g'] }),
    ).toEqual([
      {
        verb: 'impersonate',
        apiGroup: '',
        resource: 'users',
        name: 'user:default/bob',
      },
      { verb: 'impersonate', apiGroup: '', resource: 'groups', name: 'g' },
    ]);
    expect(
      impersonationAttributes({
        user: 'system:serviceaccount:bookinfo:deployer',
        groups: [],
      }),
    ).toEqual([
      {
        verb: 'impersonate',
        apiGroup: '',
        resource: 'serviceaccounts',
        namespace: 'bookinfo',
        name: 'deployer',
      },
    ]);
  });

  it("adds system:authenticated, and a service account's groups when none are given", () => {
    expect(impersonatedUser({ user: 'bob', groups: [] })).toEqual({
      name: 'bob',
      groups: ['system:authenticated'],
    });
    expect(impersonatedUser({ user: 'bob', groups: ['team'] })).toEqual({
      name: 'bob',
      groups: ['team', 'system:authenticated'],
    });
    expect(
      impersonatedUser({ user: 'bob', groups: ['system:unauthenticated'] })
        .groups,
    ).toEqual(['system:unauthenticated']);
    expect(
      impersonatedUser({ user: 'system:anonymous', groups: [] }).groups,
    ).toEqual([]);
    expect(
      impersonatedUser({ user: 'system:serviceaccount:ns:sa', groups: [] })
        .groups,
    ).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:ns',
      'system:authenticated',
    ]);
  });
});
