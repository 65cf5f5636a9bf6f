// Which trace a reconcile pass belongs to. A request that changes an
// environment (deploy, freeze, delete...) hands its span context to the
// scheduler with the wake-up; the passes that carry the change out are
// children of that request span, so one trace shows the request and the
// rollout it caused. The chain ends at the first pass that reports a settled
// status (anything but Deploying or Deleting), when a newer request takes
// over, or after MAX_CAUSED_PASSES passes, so traces stay bounded. Passes with
// no request behind them (resync, timers, cluster events) start their own
// traces. Requests that a newer one replaced before any pass carried them are
// kept as links of the next pass.

import { ROOT_CONTEXT, context, isSpanContextValid, trace, type Context, type Link, type SpanContext } from "@opentelemetry/api";
import type { EnvironmentStatusName } from "../domain/status.js";

/** Most passes one request's trace continues into. */
export const MAX_CAUSED_PASSES = 500;
/** Most links to replaced requests on one pass. */
export const MAX_PASS_LINKS = 8;

const UNSETTLED: readonly EnvironmentStatusName[] = ["Deploying", "Deleting"];

/** The span context of the active span, if there is a valid one (never with telemetry off). */
export function activeSpanContext(): SpanContext | undefined {
  const sc = trace.getSpanContext(context.active());
  return sc && isSpanContextValid(sc) ? sc : undefined;
}

export interface NextPass {
  /** The parent context for the pass span: the request's span, or the root. */
  parent: Context;
  links: Link[];
  /** The request this pass continues, to hand back to `ended`. */
  cause?: SpanContext;
}

export interface PassTrace {
  /** A request asked for a pass. */
  requested(cause: SpanContext): void;
  /** Where the next pass span goes. */
  next(): NextPass;
  /**
   * The pass started for `cause` ended. A settled status (or none, with the
   * environment gone) ends that request's chain; a pass that failed or was
   * aborted keeps it, since its retry carries on the same work.
   */
  ended(cause: SpanContext | undefined, outcome: { gone?: boolean; status?: EnvironmentStatusName }): void;
}

export function createPassTrace(): PassTrace {
  let cause: SpanContext | undefined;
  let carried = false;
  let passes = 0;
  let replaced: SpanContext[] = [];
  return {
    requested(next) {
      if (cause && !carried && replaced.length < MAX_PASS_LINKS) replaced.push(cause);
      cause = next;
      carried = false;
      passes = 0;
    },
    next() {
      const links = replaced.map((c) => ({ context: c }));
      replaced = [];
      if (!cause) return { parent: ROOT_CONTEXT, links };
      carried = true;
      passes++;
      return { parent: trace.setSpanContext(ROOT_CONTEXT, cause), links, cause };
    },
    ended(of, outcome) {
      if (!of || of !== cause) return;
      const settled = outcome.gone || (outcome.status !== undefined && !UNSETTLED.includes(outcome.status));
      if (settled || passes >= MAX_CAUSED_PASSES) cause = undefined;
    },
  };
}
