// Fan-out of "environment X changed" to subscribe() listeners. Listeners are
// called asynchronously (never inside the write that caused them), and one
// throwing listener neither breaks the writer nor the other listeners.

export interface Notifier {
  subscribe(listener: (environmentName: string) => void): () => void;
  /** Schedules a call of every listener with `environmentName`. */
  notify(environmentName: string): void;
  readonly size: number;
  clear(): void;
}

export function createNotifier(onListenerError?: (err: unknown) => void): Notifier {
  const listeners = new Set<(environmentName: string) => void>();
  return {
    subscribe(listener) {
      // Wrap so the same function may subscribe twice and unsubscribe each once.
      const entry = (name: string) => listener(name);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    notify(environmentName) {
      if (listeners.size === 0) return;
      setImmediate(() => {
        for (const l of [...listeners]) {
          try {
            l(environmentName);
          } catch (err) {
            onListenerError?.(err);
          }
        }
      });
    },
    get size() {
      return listeners.size;
    },
    clear() {
      listeners.clear();
    },
  };
}
