/**
 * Real certificates for the TLS tests, made with the openssl CLI (Node can verify X.509 but not issue
 * it). Each call works in its own temporary directory, removed afterwards. Keys are P-256: what is
 * under test is the chain, names and dates, and an EC key takes milliseconds where RSA takes up to a
 * second.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

export function requireOpenssl(): void {
  try {
    execFileSync("openssl", ["version"], { stdio: "pipe" });
  } catch {
    throw new Error(
      "these tests generate certificates with the openssl CLI, which is not on PATH; install it (apt-get install openssl, brew install openssl) and re-run",
    );
  }
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "verify-certs-"));
}

/** The certificate and key `dir` holds, after which the directory is removed. */
function take(dir: string, cert: string, key: string): KeyPair {
  const pair = {
    cert: fs.readFileSync(path.join(dir, cert), "utf8"),
    key: fs.readFileSync(path.join(dir, key), "utf8"),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];

/** A self-signed CA with keyCertSign, like the walkthrough's ca.conf. */
export function makeCa(commonName: string): KeyPair {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, "ca.cnf"),
    [
      "[req]",
      "prompt = no",
      "distinguished_name = dn",
      "x509_extensions = v3_ca",
      "[dn]",
      `CN = ${commonName}`,
      "[v3_ca]",
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash",
    ].join("\n"),
  );
  openssl(dir, [
    "req",
    "-x509",
    ...EC_KEY,
    "-nodes",
    "-config",
    "ca.cnf",
    "-days",
    "30",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
  ]);
  return take(dir, "ca.crt", "ca.key");
}

export interface LeafOptions {
  readonly dnsNames: readonly string[];
  /** openssl `YYYYMMDDHHMMSSZ` times; default: valid from yesterday for 30 days. */
  readonly startDate?: string;
  readonly endDate?: string;
  readonly extendedKeyUsage?: "serverAuth" | "clientAuth";
}

function stamp(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

/** A leaf signed by `ca`, issued with `openssl ca` so that its validity window can lie in the past. */
export function makeLeaf(ca: KeyPair, options: LeafOptions): KeyPair {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "ca.crt"), ca.cert);
  fs.writeFileSync(path.join(dir, "ca.key"), ca.key);
  fs.writeFileSync(path.join(dir, "index.txt"), "");
  fs.writeFileSync(path.join(dir, "serial"), `${Date.now().toString(16).padStart(16, "0")}\n`);
  const now = Date.now();
  fs.writeFileSync(
    path.join(dir, "ca.cnf"),
    [
      "[ca]",
      "default_ca = sandbox",
      "[sandbox]",
      `dir = ${dir}`,
      "database = $dir/index.txt",
      "serial = $dir/serial",
      "new_certs_dir = $dir",
      "certificate = $dir/ca.crt",
      "private_key = $dir/ca.key",
      "default_md = sha256",
      "policy = any",
      "unique_subject = no",
      "copy_extensions = none",
      "[any]",
      "commonName = supplied",
      "[req]",
      "prompt = no",
      "distinguished_name = dn",
      "[dn]",
      `CN = ${options.dnsNames[0]}`,
      "[leaf]",
      "basicConstraints = CA:FALSE",
      "keyUsage = digitalSignature",
      `extendedKeyUsage = ${options.extendedKeyUsage ?? "serverAuth"}`,
      "subjectKeyIdentifier = hash",
      "authorityKeyIdentifier = keyid, issuer",
      `subjectAltName = ${options.dnsNames.map((n) => `DNS:${n}`).join(", ")}`,
    ].join("\n"),
  );
  openssl(dir, [
    "req",
    "-new",
    ...EC_KEY,
    "-nodes",
    "-config",
    "ca.cnf",
    "-keyout",
    "leaf.key",
    "-out",
    "leaf.csr",
  ]);
  openssl(dir, [
    "ca",
    "-batch",
    "-notext",
    "-config",
    "ca.cnf",
    "-extensions",
    "leaf",
    "-startdate",
    options.startDate ?? stamp(new Date(now - 86_400_000)),
    "-enddate",
    options.endDate ?? stamp(new Date(now + 30 * 86_400_000)),
    "-in",
    "leaf.csr",
    "-out",
    "leaf.crt",
  ]);
  return take(dir, "leaf.crt", "leaf.key");
}
