import { ObjectStore } from '../store/ObjectStore';
import { RbacPolicySource } from './rbacAuthorizer';

const GROUP = 'rbac.authorization.k8s.io';

/**
 * The RBAC objects as they are in the store at the moment of each request, so a RoleBinding
 * applied a moment ago counts for the next request (the apiserver's informer lag is not modelled).
 * Reads the stored, frozen objects without copying them.
 */
export function rbacPolicyFromStore(store: ObjectStore): RbacPolicySource {
  return {
    clusterRoleBindings: () =>
      store.peekWhere(`${GROUP}/clusterrolebindings`, undefined),
    roleBindings: namespace =>
      store.peekWhere(`${GROUP}/rolebindings`, namespace),
    clusterRoles: () => store.peekWhere(`${GROUP}/clusterroles`, undefined),
    clusterRole: name => store.peek(`${GROUP}/clusterroles`, undefined, name),
    role: (namespace, name) => store.peek(`${GROUP}/roles`, namespace, name),
  };
}
