// Which actions the page offers. With roles (viewer < deployer < operator <
// admin) the principal's roles decide; without them every action is shown
// and the server's answer decides. An action the server refused with
// PERMISSION_DENIED is hidden from then on.

export const ACTIONS = ["deploy", "rollback", "promote", "freeze", "thaw", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

const RANK: Readonly<Record<string, number>> = { viewer: 0, deployer: 1, operator: 2, admin: 3 };

/** The role each action needs (the server's access rules: a rollback is an operator's call, like freeze and delete). */
export const ACTION_ROLE: Readonly<Record<Action, string>> = {
  deploy: "deployer",
  rollback: "operator",
  promote: "deployer",
  freeze: "operator",
  thaw: "operator",
  delete: "operator",
};

/** `roles` undefined: the server has no roles (or does not say), so nothing is hidden by role. */
export function allowedActions(roles: readonly string[] | undefined, denied: ReadonlySet<Action> = new Set()): Set<Action> {
  const best = roles === undefined ? Infinity : Math.max(-1, ...roles.map((r) => RANK[r] ?? -1));
  return new Set(ACTIONS.filter((a) => !denied.has(a) && best >= RANK[ACTION_ROLE[a]]!));
}
