// Who is on the other end of a connection, as the transport knows it: the
// address and, over mTLS, the subject of a client certificate the TLS layer
// verified against the client CA. Handlers read it from the context values.

import type * as net from "node:net";
import type { TLSSocket } from "node:tls";
import { createContextKey } from "@connectrpc/connect";

export interface PeerInfo {
  /** `ip:port` of the peer. */
  address?: string;
  /** Subject of a verified client certificate (Node's `CN=a\nO=b` form). */
  certSubject?: string;
}

export const peerKey = createContextKey<PeerInfo>({}, { description: "the call's peer" });

/** The peer of a socket (plain TCP or TLS). */
export function peerOfSocket(socket: net.Socket | TLSSocket | undefined | null): PeerInfo {
  if (!socket) return {};
  const peer: PeerInfo = {};
  if (socket.remoteAddress) {
    const host = socket.remoteAddress.includes(":") ? `[${socket.remoteAddress}]` : socket.remoteAddress;
    peer.address = `${host}:${socket.remotePort ?? 0}`;
  }
  const tls = socket as TLSSocket;
  // Only a certificate that chained to the client CA is an identity.
  if (tls.encrypted && tls.authorized && typeof tls.getPeerX509Certificate === "function") {
    const cert = tls.getPeerX509Certificate();
    if (cert) peer.certSubject = cert.subject;
  }
  return peer;
}
