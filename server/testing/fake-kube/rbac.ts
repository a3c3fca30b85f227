/**
 * Role-based access control as the fake API server enforces it: each bearer token is a user
 * with the rules of one namespaced Role (the shape of deploy/rbac.yaml's Role), and a request
 * is allowed when one rule names its API group, resource and verb. The 403 body is the Status
 * a real API server sends, word for word in its structure.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface Identity {
  /** e.g. "system:serviceaccount:kube-system:tetragon-dashboard" or "alice". */
  user: string;
  /** The Role's namespace: its rules apply there only. */
  namespace: string;
  rules: PolicyRule[];
}

export interface Access {
  verb: string;
  /** "pods", "pods/exec", "pods/portforward". */
  resource: string;
  namespace: string;
  /** The object's name, when the request names one. */
  name?: string;
}

export function allows(identity: Identity, access: Access): boolean {
  if (identity.namespace !== access.namespace) return false;
  return identity.rules.some(
    (r) =>
      (r.apiGroups.includes("") || r.apiGroups.includes("*")) &&
      (r.resources.includes(access.resource) || r.resources.includes("*")) &&
      (r.verbs.includes(access.verb) || r.verbs.includes("*")),
  );
}

/** The Status of a refused request, as `kubectl` would print it. */
export function forbiddenStatus(identity: Identity, access: Access): object {
  const resource = access.resource.split("/")[0] ?? "";
  const what = access.name === undefined ? resource : `${resource} "${access.name}"`;
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message:
      `${what} is forbidden: User "${identity.user}" cannot ${access.verb} resource ` +
      `"${access.resource}" in API group "" in the namespace "${access.namespace}"`,
    reason: "Forbidden",
    details: { name: access.name ?? "", kind: resource },
    code: 403,
  };
}

export const unauthorizedStatus = {
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "Unauthorized",
  reason: "Unauthorized",
  code: 401,
};
