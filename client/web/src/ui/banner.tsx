import type { ComponentChildren } from "preact";

/** A state the user must see (server unreachable, stream ended, environment deleted). */
export function Banner(props: { kind: "error" | "warning" | "info"; children: ComponentChildren; testId?: string }) {
  return (
    <div class={`banner banner-${props.kind}`} role={props.kind === "info" ? "status" : "alert"} data-testid={props.testId}>
      {props.children}
    </div>
  );
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
