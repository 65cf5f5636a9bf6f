// Entry point: the app shell, client-side routing on the History API, and
// the token prompt when the server asks for authentication.

import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { createApi } from "./api.js";
import { parseRoute, UI_BASE, type Route } from "./model/route.js";
import { EnvironmentPage } from "./pages/environment-page.js";
import { ListPage } from "./pages/list-page.js";
import { session } from "./session.js";
import { TokenDialog } from "./ui/token-dialog.js";
import { useIdentity } from "./ui/use-identity.js";
import "./styles.css";

function currentRoute(): Route {
  return parseRoute(window.location.pathname);
}

/** Same-origin links under /ui/ change the page without a reload. */
function onLinkClick(e: MouseEvent, setRoute: (r: Route) => void): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || a.target || a.origin !== window.location.origin || !a.pathname.startsWith(UI_BASE)) return;
  e.preventDefault();
  window.history.pushState(null, "", a.pathname);
  setRoute(currentRoute());
  window.scrollTo(0, 0);
}

function App() {
  const api = useMemo(() => createApi(), []);
  const [route, setRoute] = useState<Route>(currentRoute);
  const [tokenPrompt, setTokenPrompt] = useState<string | undefined>(session.pendingPrompt());
  const [generation, setGeneration] = useState(0);
  const identity = useIdentity(api, generation);

  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    const onClick = (e: MouseEvent) => onLinkClick(e, setRoute);
    window.addEventListener("popstate", onPop);
    document.addEventListener("click", onClick);
    const unsubscribe = session.subscribe((reason) => {
      setTokenPrompt(reason);
      // A new token: start the page's calls and streams again.
      if (reason === undefined) setGeneration((g) => g + 1);
    });
    return () => {
      window.removeEventListener("popstate", onPop);
      document.removeEventListener("click", onClick);
      unsubscribe();
    };
  }, []);

  useEffect(() => {
    document.title = route.page === "environment" ? `${route.name} · Blox` : "Blox environments";
  }, [route]);

  return (
    <>
      <header class="top">
        <a href={UI_BASE} class="brand">
          Blox
        </a>
        <nav aria-label="Breadcrumb">
          <a href={UI_BASE}>Environments</a>
          {route.page === "environment" && <span aria-current="page"> / {route.name}</span>}
        </nav>
        {identity?.roles && (
          <span class="whoami" data-testid="whoami">
            {identity.principal} ({identity.roles.join(", ") || "no roles"})
          </span>
        )}
        {session.token() && (
          <button
            type="button"
            class="link"
            onClick={() => {
              session.clearToken();
              session.requireToken("signed out");
            }}
          >
            Sign out
          </button>
        )}
      </header>
      <main key={generation}>
        {route.page === "list" && <ListPage api={api} />}
        {route.page === "environment" && <EnvironmentPage key={route.name} api={api} name={route.name} identity={identity} />}
        {route.page === "not-found" && (
          <p role="alert">
            No such page: <code>{route.path}</code>. <a href={UI_BASE}>All environments</a>
          </p>
        )}
      </main>
      {tokenPrompt !== undefined && <TokenDialog reason={tokenPrompt} onToken={(t) => session.setToken(t)} />}
    </>
  );
}

render(<App />, document.getElementById("app")!);
