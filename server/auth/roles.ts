// Roles and the one table that says which role each RPC needs and which request
// field names the environment it acts on. An RPC missing from the table is
// refused (fail closed), so a new RPC cannot be callable before it has a rule.

export const ROLES = ["viewer", "deployer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes every role before it. */
const RANK: Record<Role, number> = { viewer: 0, deployer: 1, operator: 2, admin: 3 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when a principal with `roles` has at least `needed`. */
export function hasRole(roles: readonly Role[], needed: Role): boolean {
  return roles.some((r) => RANK[r] >= RANK[needed]);
}

/**
 * Where a request names its environment: a field path into the decoded
 * message, "list" for calls whose answer is filtered by scope instead, or
 * "none" for calls about the caller itself.
 */
export type EnvironmentField = "environmentName" | "spec.name" | "list" | "none";

export interface AccessRule {
  role: Role;
  environment: EnvironmentField;
  /** Changes state: recorded in the audit trail. */
  mutating: boolean;
  /** A higher role the call needs when a boolean request field is true (a deploy that is a rollback). */
  elevated?: { field: string; role: Role };
}

export const ENVIRONMENT_SERVICE = "blox.v1.EnvironmentService";

/** Method name of blox.v1.EnvironmentService → its rule. */
export const ACCESS_RULES: Readonly<Record<string, AccessRule>> = {
  CreateEnvironment: { role: "deployer", environment: "spec.name", mutating: true },
  UpdateEnvironment: { role: "deployer", environment: "environmentName", mutating: true },
  // A rollback is an operator's decision; a forward deploy is a deployer's.
  DeployEnvironment: { role: "deployer", environment: "environmentName", mutating: true, elevated: { field: "rollback", role: "operator" } },
  PromoteEnvironment: { role: "deployer", environment: "environmentName", mutating: true },
  DescribeEnvironmentStatus: { role: "viewer", environment: "environmentName", mutating: false },
  WatchEnvironmentStatus: { role: "viewer", environment: "environmentName", mutating: false },
  FreezeEnvironment: { role: "operator", environment: "environmentName", mutating: true },
  ThawEnvironment: { role: "operator", environment: "environmentName", mutating: true },
  DeleteEnvironment: { role: "operator", environment: "environmentName", mutating: true },
  ListEnvironments: { role: "viewer", environment: "list", mutating: false },
  GetEnvironmentRevision: { role: "viewer", environment: "environmentName", mutating: false },
  ListEnvironmentRevisions: { role: "viewer", environment: "environmentName", mutating: false },
  ListDeployments: { role: "viewer", environment: "environmentName", mutating: false },
  ListEnvironmentEvents: { role: "viewer", environment: "environmentName", mutating: false },
  WhoAmI: { role: "viewer", environment: "none", mutating: false },
};

/** Services anyone may call: load balancers probe health, tools discover the API. */
export const PUBLIC_SERVICES: readonly string[] = [
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
];

/** The rule of `service`/`method`, undefined when there is none (refuse the call). */
export function accessRule(service: string, method: string): AccessRule | undefined {
  if (service !== ENVIRONMENT_SERVICE) return undefined;
  return Object.hasOwn(ACCESS_RULES, method) ? ACCESS_RULES[method] : undefined;
}

/** The role a decoded request needs: the rule's, or its elevated role when that field is true. */
export function requestRole(rule: AccessRule, message: unknown): Role {
  const flag = rule.elevated && (message as Record<string, unknown> | undefined)?.[rule.elevated.field];
  return flag === true ? rule.elevated!.role : rule.role;
}

/** The environment a decoded request names, per its rule ("" when the field is empty). */
export function requestEnvironment(rule: AccessRule, message: unknown): string | undefined {
  const m = message as { environmentName?: unknown; spec?: { name?: unknown } } | undefined;
  if (rule.environment === "list" || rule.environment === "none") return undefined;
  const value = rule.environment === "spec.name" ? m?.spec?.name : m?.environmentName;
  return typeof value === "string" ? value : "";
}
