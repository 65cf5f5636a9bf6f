// Applies pushed items at most once per animation frame: a burst of watch
// messages between two frames costs one render, not one per message.

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Items waiting for the next frame. */
  readonly pending: number;
  /** Drops what is waiting and cancels the scheduled frame. */
  cancel(): void;
}

/**
 * `schedule` is requestAnimationFrame in the browser (returns a handle for
 * `unschedule`); `apply` gets every item pushed since the last frame, in order.
 */
export function createFrameBatcher<T>(
  apply: (items: T[]) => void,
  schedule: (callback: () => void) => number,
  unschedule: (handle: number) => void = () => {},
): FrameBatcher<T> {
  let queue: T[] = [];
  let handle: number | undefined;
  const run = () => {
    handle = undefined;
    const items = queue;
    queue = [];
    if (items.length > 0) apply(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (handle === undefined) handle = schedule(run);
    },
    get pending() {
      return queue.length;
    },
    cancel() {
      queue = [];
      if (handle !== undefined) unschedule(handle);
      handle = undefined;
    },
  };
}
