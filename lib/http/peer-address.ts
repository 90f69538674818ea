import http from "node:http";
import { PEER_HEADER } from "./origin";

const INSTALLED = Symbol.for("attend.peerAddressHeader");

/**
 * Route handlers never see the TCP socket (Next builds a web Request from the headers), and
 * `next start` copies the socket's address into X-Forwarded-For only when the client sent none,
 * so that header cannot tell a real address from a made-up one. This stamps every incoming
 * request with the socket's peer address under PEER_HEADER, overwriting whatever a client put
 * there. Called once from instrumentation.ts at start-up, before the first request is handled.
 */
export function installPeerAddressHeader(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "unknown";
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
  proto[INSTALLED] = true;
}
