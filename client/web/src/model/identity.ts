// Who the server takes the caller to be (WhoAmI), reduced to what the page
// needs to decide which actions to offer.

import { globToRegExp, matchesAny } from "../../../../server/auth/glob.js";

export interface Identity {
  principal: string;
  /** Undefined when the server runs without authentication: nothing is hidden by role. */
  roles: readonly string[] | undefined;
  /** Environment-name scope; undefined means every environment. */
  scope: readonly RegExp[] | undefined;
}

/** The WhoAmI answer's fields (the generated message, structurally). */
export interface WhoAmIAnswer {
  principal: string;
  roles: readonly string[];
  environments: readonly string[];
  authEnabled: boolean;
}

export function identityFrom(answer: WhoAmIAnswer): Identity {
  if (!answer.authEnabled) return { principal: answer.principal, roles: undefined, scope: undefined };
  return {
    principal: answer.principal,
    roles: answer.roles,
    // The same glob rules as the server's scope check.
    scope: answer.environments.length === 0 ? undefined : answer.environments.map(globToRegExp),
  };
}

/** Whether the identity's scope covers the environment (unknown identity: the server decides). */
export function inScope(identity: Identity | undefined, environmentName: string): boolean {
  return identity?.scope === undefined || matchesAny(identity.scope, environmentName);
}

/** The roles that decide the page's actions for one environment: none when out of scope. */
export function rolesFor(identity: Identity | undefined, environmentName: string): readonly string[] | undefined {
  if (!identity) return undefined;
  return inScope(identity, environmentName) ? identity.roles : [];
}
