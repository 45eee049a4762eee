/** The pins the toolchain tests build from: fixed here, so the tests do not move with versions.json. */
import type { PinnedVersions } from "../../../tools/e2e/toolchain/versions";

export const PINNED: PinnedVersions = {
  toolchain: {
    pulumi: "3.248.0",
    providers: { kubernetes: "4.34.2", tls: "5.6.1", command: "1.2.1" },
    kubernetes: "1.34.4",
    etcd: "3.6.16",
    kwok: "0.8.0",
    istioctl: "1.31.1",
    metallb: "0.16.1",
  },
  gatewayApi: "1.6.1",
  helm: "3.19.5",
};
