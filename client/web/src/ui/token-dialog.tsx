// Asks for the bearer token the server wants; it is kept in sessionStorage only.

import { useEffect, useRef, useState } from "preact/hooks";

export function TokenDialog(props: { reason: string; onToken: (token: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [token, setToken] = useState("");
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="token-title" class="dialog" onCancel={(e) => e.preventDefault()}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim() !== "") props.onToken(token.trim());
        }}
      >
        <h2 id="token-title">Sign in</h2>
        <p>
          This server needs a bearer token. The server said: <q class="server-text">{props.reason}</q>
        </p>
        <label>
          Token
          <input type="password" autocomplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} autoFocus />
        </label>
        <p class="hint">Kept in this tab's session storage only.</p>
        <button type="submit">Use token</button>
      </form>
    </dialog>
  );
}
