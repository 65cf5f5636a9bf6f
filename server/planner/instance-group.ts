// Which container instances form a revision's instance group.
//
// Only ACTIVE instances count (semantics.md: DRAINING or deregistered
// instances are not counted). Parsed queries are cached by text, since every
// plan of every environment evaluates the same few queries.

import type { ContainerInstance } from "../domain/cluster.js";
import { parseQuery, type QueryAst } from "../query/parse.js";
import { matchesQuery } from "../query/evaluate.js";

const MAX_CACHED_QUERIES = 1000;
const astCache = new Map<string, QueryAst>();

/** The parsed query, from the cache when possible. Throws QuerySyntaxError. */
export function compiledQuery(text: string): QueryAst {
  let ast = astCache.get(text);
  if (ast === undefined) {
    ast = parseQuery(text);
    if (astCache.size >= MAX_CACHED_QUERIES) astCache.clear();
    astCache.set(text, ast);
  }
  return ast;
}

/** Task groups on each instance, only needed by queries that use `task:group`. */
export type TaskGroupsOf = (instanceArn: string) => ReadonlySet<string>;

/**
 * The ACTIVE instances matching `query`, in input order.
 * @param revision only used to name the revision when the stored query does not parse.
 */
export function instanceGroup(
  instances: readonly ContainerInstance[],
  query: string,
  revision: number,
  taskGroupsOf?: TaskGroupsOf,
): ContainerInstance[] {
  let ast: QueryAst;
  try {
    ast = compiledQuery(query);
  } catch (err) {
    // A stored query should have been validated on update. Refuse to plan
    // rather than treat every instance as out of the group (which would stop every task).
    throw new Error(`revision ${revision}: instanceGroupQuery does not parse: ${(err as Error).message}`);
  }
  const out: ContainerInstance[] = [];
  if (ast.type === "all") {
    for (const i of instances) if (i.status === "ACTIVE") out.push(i);
    return out;
  }
  const usesTaskGroup = taskGroupsOf !== undefined && query.toLowerCase().includes("task:group");
  for (const i of instances) {
    if (i.status !== "ACTIVE") continue;
    const context = usesTaskGroup ? { taskGroups: taskGroupsOf!(i.arn) } : undefined;
    if (matchesQuery(ast, i, context)) out.push(i);
  }
  return out;
}
