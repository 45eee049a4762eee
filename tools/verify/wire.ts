/**
 * The network side of the gateway checks, with Node's own http and tls modules. Each function answers
 * with data (never throws), so the evaluators that judge the answers stay pure.
 */
import type { X509Certificate } from "node:crypto";
import * as http from "node:http";
import * as tls from "node:tls";
import type { Endpoint } from "./types";

export interface HttpAnswer {
  readonly status: number;
  readonly location?: string;
  readonly server?: string;
  /** The first 64 KiB. */
  readonly body: string;
}

/** A connection-level failure: `code` is Node's (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...). */
export interface WireError {
  readonly error: string;
  readonly message: string;
}

export interface Handshake {
  /** True when the peer's certificate verified against the trust anchors and covers the server name. */
  readonly authorized: boolean;
  /** OpenSSL's or Node's code for the verification failure, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  readonly authorizationError?: string;
  /** The served chain, leaf first. */
  readonly chain: readonly X509Certificate[];
  /** Present when the handshake was authorized and a request was made. */
  readonly answer?: HttpAnswer | WireError;
}

export interface TlsCredentials {
  /** Trust anchors; undefined means Node's default (public) trust store. */
  readonly ca?: string;
  /** Client certificate and key, for a MUTUAL gateway. */
  readonly cert?: string;
  readonly key?: string;
}

const BODY_LIMIT = 64 * 1024;

function wireError(error: unknown): WireError {
  const e = error as NodeJS.ErrnoException;
  return { error: e.code ?? "ERROR", message: e.message };
}

function readAnswer(response: http.IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      if (body.length < BODY_LIMIT) body += chunk;
    });
    response.on("error", reject);
    response.on("end", () =>
      resolve({
        status: response.statusCode ?? 0,
        location: response.headers.location,
        server: typeof response.headers.server === "string" ? response.headers.server : undefined,
        body: body.slice(0, BODY_LIMIT),
      }),
    );
  });
}

function get(options: http.RequestOptions, timeoutMs: number): Promise<HttpAnswer | WireError> {
  return new Promise((resolve) => {
    // A pooled agent would ignore createConnection; without one, each check gets a fresh connection.
    const agent = options.createConnection ? undefined : false;
    const request = http.request(
      { ...options, method: "GET", path: options.path ?? "/", agent },
      (response) => {
        readAnswer(response).then(resolve, (error: unknown) => resolve(wireError(error)));
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })),
    );
    request.on("error", (error) => resolve(wireError(error)));
    request.end();
  });
}

/** Plain HTTP GET / to `endpoint` with the given Host header, as `curl --resolve` would send it. */
export function httpGet(
  endpoint: Endpoint,
  host: string,
  timeoutMs: number,
): Promise<HttpAnswer | WireError> {
  return get({ host: endpoint.host, port: endpoint.port, headers: { Host: host } }, timeoutMs);
}

function chainOf(socket: tls.TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let cert: X509Certificate | undefined = socket.getPeerX509Certificate();
  // issuerCertificate links the served chain; a self-issued certificate links to itself.
  while (cert && chain.length < 10 && !chain.some((c) => c.fingerprint256 === cert?.fingerprint256)) {
    chain.push(cert);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * TLS handshake with SNI = `servername`, then (only if the certificate verified) GET `path` over the
 * same connection with Host = `servername`. Verification is evaluated rather than enforced, so that
 * the report can say why a certificate was refused.
 */
export function httpsProbe(
  endpoint: Endpoint,
  servername: string,
  credentials: TlsCredentials,
  timeoutMs: number,
  path = "/",
): Promise<Handshake | WireError> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: Handshake | WireError) => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername,
      ca: credentials.ca,
      cert: credentials.cert,
      key: credentials.key,
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(
        Object.assign(new Error(`no TLS handshake within ${timeoutMs} ms`), { code: "ETIMEDOUT" }),
      ),
    );
    socket.once("error", (error) => finish(wireError(error)));
    socket.once("secureConnect", () => {
      socket.setTimeout(0);
      const handshake = {
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        chain: chainOf(socket),
      };
      if (!socket.authorized) {
        socket.destroy();
        finish(handshake);
        return;
      }
      // From here the request owns the socket and reports its errors (such as a MUTUAL gateway's
      // "certificate required" alert, which TLS 1.3 sends after the handshake).
      socket.removeAllListeners("error");
      socket.on("error", () => undefined);
      get(
        { host: servername, path, headers: { Host: servername }, createConnection: () => socket },
        timeoutMs,
      ).then(
        (answer) => {
          socket.destroy();
          finish({ ...handshake, answer });
        },
        (error: unknown) => finish(wireError(error)),
      );
    });
  });
}

export function isWireError(value: object): value is WireError {
  return "error" in value && typeof (value as WireError).error === "string";
}
