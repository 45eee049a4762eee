/**
 * Real certificates for the workload-certificate checks: an intermediate CA under a root, and a
 * workload certificate with a SPIFFE URI under the intermediate, as istiod issues them. Made with the
 * openssl CLI in a temporary directory, removed afterwards; P-256 keys, for speed.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { KeyPair } from "./certificates";

function signed(issuer: KeyPair, commonName: string, extensions: readonly string[], days = 30): KeyPair {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-mesh-certs-"));
  try {
    const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    fs.writeFileSync(path.join(dir, "issuer.crt"), issuer.cert);
    fs.writeFileSync(path.join(dir, "issuer.key"), issuer.key);
    fs.writeFileSync(path.join(dir, "ext.cnf"), extensions.join("\n"));
    run(
      ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"].concat([
        "-subj",
        `/CN=${commonName}`,
        "-keyout",
        "cert.key",
        "-out",
        "cert.csr",
      ]),
    );
    run(
      [
        "x509",
        "-req",
        "-in",
        "cert.csr",
        "-CA",
        "issuer.crt",
        "-CAkey",
        "issuer.key",
        "-CAcreateserial",
      ].concat(["-days", String(days), "-extfile", "ext.cnf", "-out", "cert.crt"]),
    );
    return {
      cert: fs.readFileSync(path.join(dir, "cert.crt"), "utf8"),
      key: fs.readFileSync(path.join(dir, "cert.key"), "utf8"),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An intermediate CA, as the stack's PKI issues istiod's. */
export function makeIntermediate(root: KeyPair, commonName: string): KeyPair {
  return signed(root, commonName, [
    "basicConstraints = critical, CA:TRUE",
    "keyUsage = critical, keyCertSign, cRLSign",
    "subjectKeyIdentifier = hash",
    "authorityKeyIdentifier = keyid",
  ]);
}

/** A workload certificate, as istiod signs one for `spiffe://cluster.local/ns/<ns>/sa/<sa>`. */
export function makeWorkload(issuer: KeyPair, spiffe: string): KeyPair {
  return signed(issuer, "workload", [
    "basicConstraints = critical, CA:FALSE",
    "keyUsage = critical, digitalSignature, keyEncipherment",
    "extendedKeyUsage = serverAuth, clientAuth",
    `subjectAltName = critical, URI:${spiffe}`,
  ]);
}
