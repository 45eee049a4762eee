import * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../cluster/types";
import { INGRESS_GATEWAY_LABELS, INGRESS_GATEWAY_NAME, ISTIO_NAMESPACE } from "../config/defaults";
import type { IstioRevisionSettings, IstioSettings } from "../config/types";
import { foreignIstioCheck } from "./foreign-istio-check";
import { helmInstall } from "./helm-installer";
import { istioctlInstall } from "./istioctl-installer";
import { renderIstioOperator, type SandboxIstioOperator } from "./istio-operator";
import { installRevisions } from "./revision-installs";

export interface IstioMeshArgs {
  readonly cluster: SandboxCluster;
  readonly settings: IstioSettings;
  /**
   * Declares what the control plane must find when it starts (the plug-in CA's `cacerts` Secret, which
   * istiod reads only then), given the preflight checks those must wait for; the install waits for
   * what it returns.
   */
  readonly beforeInstall?: (preflight: readonly pulumi.Resource[]) => readonly pulumi.Resource[];
}

/**
 * Istio's control plane and ingress gateway, installed from a rendered IstioOperator with istioctl
 * (default) or from the Helm charts. It depends on the cluster only: it does not wait for MetalLB,
 * because neither installer waits for a load-balancer address. Both installers expose the same
 * outputs, so later components do not care which one ran.
 */
export class IstioMesh extends pulumi.ComponentResource {
  /** Istio's root namespace: the ingress gateway workload and its credential Secret live here. */
  public readonly namespace: string = ISTIO_NAMESPACE;
  /** Labels of the ingress gateway pods: what a Gateway's selector names. */
  public readonly gatewayLabels: Readonly<Record<string, string>> = INGRESS_GATEWAY_LABELS;
  /** The ingress gateway's LoadBalancer Service, in `namespace`. */
  public readonly gatewayServiceName: string = INGRESS_GATEWAY_NAME;
  /**
   * Done means Istio's CRDs exist and its injector webhook serves (DESIGN ordering rules 1 and 2):
   * the istioctl Command (istioctl returns once the control plane is ready), or the Helm releases
   * (the istiod release waits for istiod to be ready). With revisions: the main revision's, and the
   * `default` tag, whose revision validates Istio's resources.
   */
  public readonly ready: pulumi.Resource[];
  /** The IstioOperator as rendered; the istioctl installer applies exactly this. */
  public readonly operator: SandboxIstioOperator;
  public readonly installer: IstioSettings["installer"];
  /** The revisions and tags installed (istioRevision); undefined for one control plane without a revision. */
  public readonly revisions?: IstioRevisionSettings;
  private readonly injectors: ReadonlyMap<string, pulumi.Resource>;

  constructor(name: string, args: IstioMeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:istio:IstioMesh", name, {}, opts);
    this.installer = args.settings.installer;
    this.revisions = args.settings.revisions;

    const check = foreignIstioCheck(`${name}-existing-istio-check`, args.cluster, this);
    const preflight = check === undefined ? [] : [check];
    const after = [...preflight, ...(args.beforeInstall?.(preflight) ?? [])];
    const revisions = args.settings.revisions;
    let injectors: ReadonlyMap<string, pulumi.Resource> = new Map();
    if (revisions !== undefined) {
      const installed = installRevisions(
        name,
        { ...args, settings: { ...args.settings, revisions }, after },
        this,
      );
      this.ready = installed.ready;
      injectors = installed.injectors;
      this.operator =
        installed.operators.get(revisions.main.name) ??
        renderIstioOperator(args.settings, { ...revisions.main, main: true, versionKey: "istioVersion" });
    } else if (args.settings.installer === "helm") {
      const { base, istiod, gateway, cni, ztunnel } = helmInstall(name, { ...args, after }, this);
      this.ready = [base, istiod, cni, ztunnel, gateway].filter((r) => r !== undefined);
      this.operator = renderIstioOperator(args.settings);
    } else {
      this.operator = renderIstioOperator(args.settings);
      this.ready = [istioctlInstall(`${name}-istioctl`, { ...args, operator: this.operator, after }, this)];
    }
    this.injectors = injectors;

    this.registerOutputs({
      namespace: this.namespace,
      gatewayLabels: this.gatewayLabels,
      gatewayServiceName: this.gatewayServiceName,
      installer: this.installer,
    });
  }

  /**
   * With revisions: what must exist before pods start in a namespace labelled `istio.io/rev=<target>`,
   * a revision or tag of this stack (its install, or its tag).
   */
  public injector(target: string): pulumi.Resource {
    const resource = this.injectors.get(target);
    if (resource === undefined) {
      throw new Error(
        `"${target}" is not a revision or tag of this stack (known: ${[...this.injectors.keys()].join(", ") || "none, Istio is installed without revisions"})`,
      );
    }
    return resource;
  }
}
