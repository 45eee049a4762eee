/**
 * `encryptionsalt` values written by the real Pulumi CLI v3.248.0 (`pulumi stack init NAME
 * --secrets-provider passphrase`, file backend, PULUMI_CONFIG_PASSPHRASE set to the passphrase named
 * beside each), so the Node check is held to what Pulumi itself writes.
 */

/** Made with the published passphrase `istio-sandbox`. */
export const SALT_PUBLISHED = "v1:5TKChWDuF18=:v1:VBXEB1KrqgGn/JVx:bVUP4ia6NvwH8vPA+0K6Fb2zSakdLQ==";

/** Made with `another-passphrase`. */
export const OTHER_PASSPHRASE = "another-passphrase";
export const SALT_OTHER = "v1:pZNl73jOEyc=:v1:1djtKBgdvnpVjM6f:bdQcAX7ysHfZzShpF1Md6mqlgHDRWQ==";

/** A machine passphrase as the wrapper would make one, and a salt Pulumi made with it. */
export const MACHINE_PASSPHRASE = "test-machine-passphrase-q2hZ6p0xJ4";
export const SALT_MACHINE = "v1:oRojqgz0150=:v1:+5OxGOCcDPiE8O35:yV7czlRmeXhbtiQQFF2tIATJGJXV0A==";
