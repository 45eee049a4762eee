// Tells whether a passphrase opens a stack, from the `encryptionsalt` in its Pulumi.<stack>.yaml, the
// way Pulumi's passphrase secrets provider does before it decrypts anything: the salt is
// `v1:<base64 salt>:v1:<base64 nonce>:<base64 sealed>`, the word "pulumi" sealed with AES-256-GCM under
// a key derived from the passphrase and the salt.
// https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/secrets/passphrase/manager.go#L163-L178
import { Buffer } from "node:buffer";
import { createDecipheriv, pbkdf2Sync } from "node:crypto";

/** The passphrase this project used for every stack until each machine got its own: it is published. */
export const PUBLISHED_PASSPHRASE = "istio-sandbox";

/** A salt that is not of the passphrase provider's v1 form; Pulumi itself refuses it, so it is left to Pulumi. */
export class MalformedSalt extends Error {}

const GCM_TAG_BYTES = 16;
// https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/config/crypt.go#L235
const GCM_NONCE_BYTES = 12;

/** The salt bytes, nonce and sealed "pulumi" of an `encryptionsalt`. */
function parts(encryptionSalt) {
  // The state is `v1:<salt>:<value>` (manager.go#L48-L66), the value the crypter's `v1:<nonce>:<sealed>`
  // (crypt.go#L189-L208).
  const fields = String(encryptionSalt).trim().split(":");
  if (fields.length !== 5 || fields[0] !== "v1" || fields[2] !== "v1") {
    throw new MalformedSalt("the encryptionsalt is not of the form v1:<salt>:v1:<nonce>:<sealed>");
  }
  const [salt, nonce, sealed] = [fields[1], fields[3], fields[4]].map((b64) => Buffer.from(b64, "base64"));
  if (salt.length === 0 || nonce.length !== GCM_NONCE_BYTES || sealed.length <= GCM_TAG_BYTES) {
    throw new MalformedSalt("the encryptionsalt's salt, nonce or sealed value has the wrong length");
  }
  return { salt, nonce, sealed };
}

/**
 * True when `passphrase` opens the stack whose Pulumi.<stack>.yaml carries `encryptionSalt`; false when
 * it does not. Throws MalformedSalt for a salt Pulumi would refuse too. Costs one PBKDF2 of a million
 * rounds (about 0.2 s), as in Pulumi.
 */
export function opensWith(encryptionSalt, passphrase) {
  const { salt, nonce, sealed } = parts(encryptionSalt);
  // PBKDF2-HMAC-SHA256, 1,000,000 iterations, a 32-byte key:
  // https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/config/crypt.go#L165-L169
  const key = pbkdf2Sync(passphrase, salt, 1_000_000, 32, "sha256");
  // AES-256-GCM with the tag at the end of the sealed value, as Go's Seal writes it (crypt.go#L212-L224).
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
  let opened;
  try {
    opened = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return false;
  }
  // The passphrase is right when the value opens to "pulumi" (manager.go#L66-L70).
  return opened.toString("utf8") === "pulumi";
}
