import * as command from "@pulumi/command";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import { WAITS } from "../config/defaults";
import type { SandboxIngress } from "../ingress/types";
import { nodeScriptCommand } from "../local/shell";

export const LB_ADDRESS_PROBE_SCRIPT = path.join(__dirname, "lb-address-probe.mjs");

export interface IngressAddressArgs {
  readonly cluster: SandboxCluster;
  /** The ingress: the gateway Service's place, and what means it exists. */
  readonly ingress: Pick<SandboxIngress, "namespace" | "gatewayServiceName" | "ready">;
  /**
   * MetalLB, when it is the one assigning the address: its pool and advertisement, and the pool's
   * range (a new range means a new address). Absent where the cluster has its own load balancer.
   */
  readonly metallb?: {
    readonly ready: readonly pulumi.Resource[];
    readonly addresses: pulumi.Input<string>;
  };
  /** Defaults to WAITS.ingressAddressSeconds. */
  readonly timeoutSeconds?: number;
}

export interface AddressProbeSettings {
  readonly namespace: string;
  readonly serviceName: string;
  readonly context?: string;
  /** Fail the update when no address arrives in time, rather than report none. */
  readonly required: boolean;
  readonly timeoutSeconds: number;
  readonly intervalMs: number;
}

/** The probe's environment, except the kubeconfig, which the caller adds as a secret. */
export function addressProbeEnvironment(settings: AddressProbeSettings): Record<string, string> {
  return {
    SERVICE_NAMESPACE: settings.namespace,
    SERVICE_NAME: settings.serviceName,
    ADDRESS_REQUIRED: String(settings.required),
    PROBE_TIMEOUT_SECONDS: String(settings.timeoutSeconds),
    PROBE_INTERVAL_MS: String(settings.intervalMs),
    ...(settings.context === undefined ? {} : { SANDBOX_KUBE_CONTEXT: settings.context }),
  };
}

/** The probe prints the address or nothing; nothing means no address. */
export function parseProbeOutput(stdout: string): string | undefined {
  const address = stdout.trim();
  return address === "" ? undefined : address;
}

/**
 * The ingress gateway's load-balancer address (DESIGN ordering rule 4). A local Command polls the
 * gateway Service until it has an address, so `pulumi up` really waits for it, boundedly. It starts
 * only after the Istio install and, with MetalLB, after the pool and advertisement exist; without
 * MetalLB (existing mode, the cluster's own load balancer) it reports whatever the cluster gives,
 * or undefined when nothing arrives in time.
 */
export class IngressAddress extends pulumi.ComponentResource {
  public readonly address: pulumi.Output<string | undefined>;

  constructor(name: string, args: IngressAddressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:istio:IngressAddress", name, {}, opts);
    const { cluster, ingress, metallb } = args;

    const probe = new command.local.Command(
      `${name}-probe`,
      {
        create: nodeScriptCommand(LB_ADDRESS_PROBE_SCRIPT),
        environment: {
          SANDBOX_KUBECONFIG: cluster.kubeconfig,
          ...addressProbeEnvironment({
            namespace: ingress.namespace,
            serviceName: ingress.gatewayServiceName,
            context: cluster.context,
            required: metallb !== undefined,
            timeoutSeconds: args.timeoutSeconds ?? WAITS.ingressAddressSeconds,
            intervalMs: WAITS.pollIntervalMs,
          }),
        },
        triggers: metallb === undefined ? [] : [metallb.addresses],
      },
      {
        parent: this,
        dependsOn: [...ingress.ready, ...(metallb?.ready ?? [])],
        deletedWith: cluster.deletedWith,
        additionalSecretOutputs: ["environment"],
      },
    );

    this.address = probe.stdout.apply(parseProbeOutput);
    this.registerOutputs({ address: this.address });
  }
}
