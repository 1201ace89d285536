/**
 * A Gateway server host as written, `[namespace/]host`: the namespace part limits which
 * namespaces' VirtualServices may bind to the server for that host (`*` any, `.` the
 * Gateway's own). A bare host is `*\/host`.
 */
export function splitServerHost(
  written: string,
  gatewayNamespace: string,
): { namespace: string; host: string } {
  const slash = written.indexOf('/');
  if (slash < 0) return { namespace: '*', host: written };
  const namespace = written.slice(0, slash);
  return {
    namespace: namespace === '.' ? gatewayNamespace : namespace,
    host: written.slice(slash + 1),
  };
}

/** Whether a server host's namespace part lets a VirtualService in `namespace` bind. */
export function namespaceMayBind(
  serverNamespace: string,
  namespace: string,
): boolean {
  return serverNamespace === '*' || serverNamespace === namespace;
}
