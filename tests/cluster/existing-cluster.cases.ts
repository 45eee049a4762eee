import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  clusterOfContext,
  clusterTarget,
  existingClusterTarget,
  readKubeconfig,
  serverIdentity,
} from "../../components/cluster/existing-cluster";

const kubeconfig = `apiVersion: v1
kind: Config
current-context: prod
contexts:
  - name: prod
    context: { cluster: prod-cluster, user: admin }
  - name: staging
    context: { cluster: staging-cluster, user: admin }
`;

describe("existing cluster kubeconfig", () => {
  test("contents are used as given", () => {
    expect(readKubeconfig(kubeconfig)).toBe(kubeconfig);
  });

  test("a path is read from disk", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kc-")), "config");
    fs.writeFileSync(file, kubeconfig);
    expect(readKubeconfig(file)).toBe(kubeconfig);
  });

  test("a ~/ path is resolved against the home folder", () => {
    const seen: string[] = [];
    readKubeconfig("~/.kube/config", (p) => (seen.push(p), kubeconfig));
    expect(seen).toEqual([path.join(os.homedir(), ".kube/config")]);
  });

  test("an unreadable path names the key and the fix", () => {
    expect(() => readKubeconfig("/nonexistent/kubeconfig")).toThrow(
      /^istio-sandbox:kubeconfig: cannot read the kubeconfig file "\/nonexistent\/kubeconfig" \(.*ENOENT.*\)\. Fix: pulumi config set kubeconfig/,
    );
  });

  test("the cluster comes from the current context, or the configured one", () => {
    expect(clusterOfContext(kubeconfig)).toBe("prod-cluster");
    expect(clusterOfContext(kubeconfig, "staging")).toBe("staging-cluster");
  });

  test("an unknown context lists the ones there are", () => {
    expect(() => clusterOfContext(kubeconfig, "dev")).toThrow(
      'istio-sandbox:kubeContext: context "dev" is not in the kubeconfig; it has "prod", "staging". Fix: pulumi config set kubeContext <one of those>',
    );
  });

  test("text that is not a kubeconfig is rejected with the fix", () => {
    expect(() => clusterOfContext("just: text\n")).toThrow(
      "istio-sandbox:kubeconfig: is not a kubeconfig (no contexts list).",
    );
    expect(() => clusterOfContext("{{{\n")).toThrow("is not a kubeconfig");
  });
});

describe("kubeconfig given as JSON contents", () => {
  test("is used as given, as doctor reads it too", () => {
    const json = '{"apiVersion":"v1","contexts":[]}';
    expect(readKubeconfig(json, () => "never read")).toBe(json);
  });
});

describe("the cluster target an existing-mode stack records", () => {
  const withServers = `${kubeconfig}clusters:
  - name: prod-cluster
    cluster: { server: "https://prod.example:6443", certificate-authority-data: Y2E= }
  - name: staging-cluster
    cluster: { server: "https://staging.example:6443" }
`;

  test("the current-context, or the configured one, with its cluster's server", () => {
    expect(clusterTarget(withServers)).toEqual({ context: "prod", server: "https://prod.example:6443" });
    expect(clusterTarget(withServers, "staging")).toEqual({
      context: "staging",
      server: "https://staging.example:6443",
    });
  });

  test("read from the configured kubeconfig, path or contents", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kc-")), "config");
    fs.writeFileSync(file, withServers);
    const settings = { kubeconfig: file, context: "staging", loadBalancer: "provided" } as const;
    expect(existingClusterTarget(settings).server).toBe("https://staging.example:6443");
    expect(existingClusterTarget({ ...settings, kubeconfig: withServers }).server).toBe(
      "https://staging.example:6443",
    );
  });

  test("no user info, query or fragment of the server URL is kept", () => {
    expect(serverIdentity("https://admin:s3cret@prod.example:6443/?token=abc#x")).toBe(
      "https://prod.example:6443",
    );
    expect(serverIdentity("https://rancher.example/k8s/clusters/c-1")).toBe(
      "https://rancher.example/k8s/clusters/c-1",
    );
    expect(serverIdentity("admin:s3cret@prod.example:6443")).toBe("prod.example:6443");
  });

  test("a context whose cluster has no server names the key and the fix", () => {
    expect(() => clusterTarget(kubeconfig)).toThrow(
      'istio-sandbox:kubeconfig: context "prod" names the cluster "prod-cluster", which has no server in the kubeconfig\'s clusters. Fix:',
    );
  });
});
