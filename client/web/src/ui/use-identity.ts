// Asks the server once per sign-in who the caller is. A server without WhoAmI,
// or one that refuses it, leaves the identity unknown: every action is shown
// and the server's answer to the action decides.

import { useEffect, useState } from "preact/hooks";
import type { Api } from "../api.js";
import { identityFrom, type Identity } from "../model/identity.js";

export function useIdentity(api: Api, generation: number): Identity | undefined {
  const [identity, setIdentity] = useState<Identity | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    setIdentity(undefined);
    api.whoAmI({}, { signal: abort.signal }).then(
      (answer) => {
        if (!abort.signal.aborted) setIdentity(identityFrom(answer));
      },
      () => {},
    );
    return () => abort.abort();
  }, [api, generation]);
  return identity;
}
