// The bearer token lives only in sessionStorage (gone with the tab). When the
// server answers UNAUTHENTICATED the page asks for one.

const KEY = "blox.token";

type Listener = (reason: string | undefined) => void;
const listeners = new Set<Listener>();
let prompt: string | undefined;

export const session = {
  token(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  setToken(token: string): void {
    sessionStorage.setItem(KEY, token);
    prompt = undefined;
    for (const l of listeners) l(undefined);
  },
  clearToken(): void {
    sessionStorage.removeItem(KEY);
  },
  /** Asks the page for a token (the server refused the current one, or there is none). */
  requireToken(reason: string): void {
    prompt = reason;
    for (const l of listeners) l(reason);
  },
  /** The pending token request's reason, undefined when none is pending. */
  pendingPrompt(): string | undefined {
    return prompt;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
