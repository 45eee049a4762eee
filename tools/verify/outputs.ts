/**
 * Reads `pulumi stack output --json --show-secrets` into the shared StackOutputs contract, checking the
 * fields verify relies on so that a stale or partial stack fails with a clear message.
 */
import { z } from "zod";
import { ADDON_NAMES } from "../../components/config/defaults";
import type { StackOutputs } from "../../components/outputs/contract";

const pem = z.string().includes("-----BEGIN CERTIFICATE-----", { error: "must be a PEM certificate" });

const outputsSchema = z.object({
  mode: z.enum(["k3d", "existing"]),
  clusterName: z.string(),
  /** k3d mode only. */
  kubeconfig: z.string().min(1).optional(),
  ingress: z.object({
    address: z.string().min(1).optional(),
    namespace: z.string(),
    selector: z.record(z.string(), z.string()),
    localHttpPort: z.number().int().optional(),
    localHttpsPort: z.number().int().optional(),
    httpsRedirect: z.boolean(),
    tlsMode: z.enum(["SIMPLE", "MUTUAL"]),
    gateways: z.object({ http: z.string(), https: z.string() }),
  }),
  mtlsMode: z.enum(["STRICT", "PERMISSIVE"]),
  // Absent from stacks last updated before it existed.
  istioInstaller: z.enum(["istioctl", "helm"]).default("istioctl"),
  apps: z
    .array(
      z.object({
        name: z.string(),
        namespace: z.string(),
        host: z.string(),
        urls: z.object({}).loose(),
        curl: z.object({}).loose(),
      }),
    )
    .min(1),
  caCertificate: pem,
  clientCertificate: pem.optional(),
  clientPrivateKey: z.string().optional(),
  // Each decides which checks run; the object schema drops keys it does not list. Absent from older stacks.
  ingressApi: z.enum(["istio", "gateway-api"]).optional(),
  dataplaneMode: z.enum(["sidecar", "ambient"]).optional(),
  waypoint: z.boolean().optional(),
  addons: z
    .array(
      z.object({
        name: z.enum(ADDON_NAMES),
        host: z.string(),
        path: z.string(),
        purpose: z.string(),
        urls: z.object({}).loose(),
        curl: z.string(),
      }),
    )
    .optional(),
  meshCa: z.enum(["istiod", "sandbox"]).optional(),
  nextSteps: z.string().optional(),
  // Existing mode; absent from stacks last updated before it existed.
  clusterTarget: z.object({ context: z.string(), server: z.string() }).optional(),
});

export function parseStackOutputs(json: string): StackOutputs {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("pulumi stack output did not print JSON; run: pulumi stack output --json --show-secrets");
  }
  const result = outputsSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("\n");
    throw new Error(
      `the stack outputs are not what this version of the program exports (is the stack up to date? run: pulumi up):\n${problems}`,
    );
  }
  const outputs = result.data as unknown as StackOutputs;
  if (outputs.ingress.tlsMode === "MUTUAL" && (!outputs.clientCertificate || !outputs.clientPrivateKey)) {
    throw new Error(
      "tlsMode is MUTUAL but the outputs hold no clientCertificate/clientPrivateKey; run: pulumi up",
    );
  }
  return outputs;
}

/**
 * The kubeconfig context that reaches an existing-mode sandbox: `kubeContext` when set, else the one
 * its last update ran in, since the kubeconfig's current-context may have moved since.
 */
export function sandboxContext(configured: string | undefined, outputs: StackOutputs): string | undefined {
  return configured ?? outputs.clusterTarget?.context;
}
