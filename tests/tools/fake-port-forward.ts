/**
 * A stand-in API server that answers pod port-forwards the way kube-apiserver does over WebSockets
 * (subprotocol v4.channel.k8s.io: each port has a data and an error channel, and the first message on
 * each names the port, two bytes little-endian), behind which a fake admin endpoint answers one HTTP
 * request per connection. Only what @kubernetes/client-node's PortForward uses is implemented:
 * unfragmented binary frames, masked from the client, and close.
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/staging/src/k8s.io/apiserver/pkg/util/wsstream/conn.go
 */
import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { kubeconfigFor } from "../istio/fake-kube-api";

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const PROTOCOL = "v4.channel.k8s.io";

export interface ForwardedRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly port: number;
  /** The request line the client sent through the tunnel, e.g. `GET /config_dump HTTP/1.1`. */
  readonly requestLine: string;
  readonly authorization?: string;
  /** The subprotocols the client offered. */
  readonly protocols: string;
}

/** The pod's answer, or undefined for a pod that does not exist (the upgrade is refused with 404). */
export type PodAnswer = (
  target: { namespace: string; pod: string; port: number },
  requestLine: string,
) => { status: number; body: string } | undefined;

export interface FakePortForwardApi {
  readonly kubeconfig: string;
  readonly forwarded: ForwardedRequest[];
  /** Connections still open: a client that forgets to close its tunnel leaves one here. */
  openConnections(): number;
  close(): Promise<void>;
}

function frame(payload: Buffer, opcode = 0x2): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([header, payload]);
}

function bigLength(length: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(length));
  return bytes;
}

/** Splits complete frames off `buffer`; returns them and what is left. */
function frames(buffer: Buffer): {
  readonly parsed: { opcode: number; payload: Buffer }[];
  readonly rest: Buffer;
} {
  const parsed: { opcode: number; payload: Buffer }[] = [];
  let rest = buffer;
  while (rest.length >= 2) {
    const opcode = rest[0] & 0x0f;
    const masked = (rest[1] & 0x80) !== 0;
    let length = rest[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) break;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) break;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    const mask = masked ? rest.subarray(offset, offset + 4) : undefined;
    offset += masked ? 4 : 0;
    if (rest.length < offset + length) break;
    const payload = Buffer.from(rest.subarray(offset, offset + length));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    parsed.push({ opcode, payload });
    rest = rest.subarray(offset + length);
  }
  return { parsed, rest };
}

export async function startFakePortForwardApi(answer: PodAnswer): Promise<FakePortForwardApi> {
  const forwarded: ForwardedRequest[] = [];
  const open = new Set<Duplex>();
  const server = http.createServer((_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code: 404 }));
  });
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward\?ports=(\d+)$/.exec(
      req.url ?? "",
    );
    const target = match && { namespace: match[1], pod: match[2], port: Number(match[3]) };
    if (!target || answer(target, "") === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
      return;
    }
    const accept = createHash("sha1")
      .update(`${String(req.headers["sec-websocket-key"])}${WEBSOCKET_GUID}`)
      .digest("base64");
    socket.write(
      [
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Accept: ${accept}`,
        `Sec-WebSocket-Protocol: ${PROTOCOL}`,
        "",
        "",
      ].join("\r\n"),
    );
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    const port = Buffer.alloc(2);
    port.writeUInt16LE(target.port);
    socket.write(frame(Buffer.concat([Buffer.from([0]), port])));
    socket.write(frame(Buffer.concat([Buffer.from([1]), port])));
    let buffered: Buffer = Buffer.from(head);
    let request = "";
    let answered = false;
    socket.on("data", (chunk: Buffer) => {
      const { parsed, rest } = frames(Buffer.concat([buffered, chunk]));
      buffered = rest;
      for (const { opcode, payload } of parsed) {
        if (opcode === 0x8) {
          socket.end(frame(Buffer.alloc(0), 0x8));
          return;
        }
        if (opcode !== 0x2 || payload[0] !== 0) continue;
        request += payload.subarray(1).toString("utf8");
        if (answered || !request.includes("\r\n\r\n")) continue;
        answered = true;
        const requestLine = request.slice(0, request.indexOf("\r\n"));
        forwarded.push({
          ...target,
          requestLine,
          authorization: req.headers.authorization,
          protocols: String(req.headers["sec-websocket-protocol"] ?? ""),
        });
        const reply = answer(target, requestLine) ?? { status: 404, body: "" };
        const response =
          `HTTP/1.1 ${reply.status} ${reply.status === 200 ? "OK" : "Error"}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(reply.body)}\r\n\r\n${reply.body}`;
        socket.write(frame(Buffer.concat([Buffer.from([0]), Buffer.from(response)])));
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    kubeconfig: kubeconfigFor(`http://127.0.0.1:${port}`),
    forwarded,
    openConnections: () => open.size,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => done());
      }),
  };
}
