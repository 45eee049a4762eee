/** tools/secrets/encryption-salt.mjs: Pulumi's passphrase check in Node, held to salts the real CLI wrote. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  MACHINE_PASSPHRASE,
  OTHER_PASSPHRASE,
  SALT_MACHINE,
  SALT_OTHER,
  SALT_PUBLISHED,
} from "./passphrase-vectors";

const MODULE = path.resolve(__dirname, "../../tools/secrets/encryption-salt.mjs");

/** opensWith(salt, passphrase) for each pair, in one Node process: true, false, or the error's class and message. */
function opens(pairs: [string, string][]): (boolean | string)[] {
  const script = `
    import { opensWith } from ${JSON.stringify(MODULE)};
    const pairs = JSON.parse(process.argv[1]);
    console.log(JSON.stringify(pairs.map(([salt, passphrase]) => {
      try { return opensWith(salt, passphrase); } catch (e) { return e.constructor.name + ": " + e.message; }
    })));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(pairs)], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as (boolean | string)[];
}

describe("encryptionsalt check", () => {
  test("a salt opens with the passphrase Pulumi made it with, and with no other", () => {
    expect(
      opens([
        [SALT_PUBLISHED, "istio-sandbox"],
        [SALT_PUBLISHED, "istio-sandbox "],
        [SALT_PUBLISHED, MACHINE_PASSPHRASE],
        [SALT_OTHER, OTHER_PASSPHRASE],
        [SALT_OTHER, "istio-sandbox"],
        [SALT_MACHINE, MACHINE_PASSPHRASE],
        [SALT_MACHINE, "istio-sandbox"],
      ]),
    ).toEqual([true, false, false, true, false, true, false]);
  });

  test("a salt whose sealed value or salt was changed does not open", () => {
    const [, salt, , nonce, sealed] = SALT_PUBLISHED.split(":");
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[0] ^= 1;
      return bytes.toString("base64");
    };
    expect(
      opens([
        [`v1:${salt}:v1:${nonce}:${flip(sealed)}`, "istio-sandbox"],
        [`v1:${flip(salt)}:v1:${nonce}:${sealed}`, "istio-sandbox"],
      ]),
    ).toEqual([false, false]);
  });

  test("a salt not of Pulumi's v1 form is reported as such, not as a wrong passphrase", () => {
    const [, salt, , nonce, sealed] = SALT_PUBLISHED.split(":");
    const malformed = "MalformedSalt: the encryptionsalt is not of the form v1:<salt>:v1:<nonce>:<sealed>";
    const lengths = "MalformedSalt: the encryptionsalt's salt, nonce or sealed value has the wrong length";
    expect(
      opens([
        ["", "istio-sandbox"],
        [`v2:${salt}:v1:${nonce}:${sealed}`, "istio-sandbox"],
        [`v1:${salt}:${nonce}:${sealed}`, "istio-sandbox"],
        [`v1:${salt}:v1:${Buffer.alloc(8).toString("base64")}:${sealed}`, "istio-sandbox"],
        [`v1::v1:${nonce}:${sealed}`, "istio-sandbox"],
      ]),
    ).toEqual([malformed, malformed, malformed, lengths, lengths]);
  });
});
