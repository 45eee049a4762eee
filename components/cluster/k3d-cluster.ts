import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { K3dSettings } from "../config";
import { SHELL } from "../local/shell";
import { renderK3dConfigYaml } from "./k3d-config";
import {
  CREATE_SCRIPT,
  DELETE_SCRIPT,
  REFRESH_SCRIPT,
  SUBNET_SCRIPT,
  type K3dScriptEnv,
} from "./k3d-scripts";
import type { SandboxCluster } from "./types";

export interface K3dClusterArgs {
  /** Cluster shape: name, node counts, image, registry, storage, host ports. */
  readonly settings: K3dSettings;
  /** The ingress gateway's fixed nodePorts; the host ports are mapped onto them. */
  readonly nodePorts: { readonly http: number; readonly https: number };
}

/**
 * A local k3d (k3s in Docker) cluster, created and deleted with the k3d CLI. Every field of the k3d
 * config is a trigger: k3d cannot change a cluster in place, so a change replaces it (delete first,
 * since the name is reused), and nothing else does.
 */
export class K3dCluster extends pulumi.ComponentResource implements SandboxCluster {
  readonly mode = "k3d" as const;
  readonly clusterName: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly context = undefined;
  readonly provider: k8s.Provider;
  readonly dockerSubnet: pulumi.Output<string>;
  /** The create command: deleting it deletes the cluster and everything in it. */
  readonly deletedWith: pulumi.Resource;

  constructor(name: string, args: K3dClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:cluster:K3dCluster", name, {}, opts);

    const owner = `${pulumi.getProject()}/${pulumi.getStack()}`;
    const configYaml = renderK3dConfigYaml({ settings: args.settings, nodePorts: args.nodePorts, owner });
    const environment: K3dScriptEnv = { K3D_CLUSTER: args.settings.name, K3D_OWNER: owner };

    const cluster = new command.local.Command(
      `${name}-k3d`,
      {
        create: CREATE_SCRIPT,
        update: REFRESH_SCRIPT,
        delete: DELETE_SCRIPT,
        interpreter: [...SHELL],
        environment: { ...environment },
        stdin: configYaml,
        triggers: [configYaml],
        // stdout is the admin kubeconfig: stream only stderr (k3d's progress) to the console, since
        // additionalSecretOutputs hides it in state but not in that stream.
        logging: command.types.enums.local.Logging.Stderr,
      },
      // stdout is the kubeconfig, which holds the cluster's admin credentials.
      { parent: this, additionalSecretOutputs: ["stdout"], deleteBeforeReplace: true },
    );

    const subnet = new command.local.Command(
      `${name}-network`,
      {
        create: SUBNET_SCRIPT,
        interpreter: [...SHELL],
        environment: { ...environment },
        triggers: [cluster.id],
      },
      { parent: this, dependsOn: [cluster] },
    );

    this.clusterName = cluster.environment.apply((env) => env?.K3D_CLUSTER ?? args.settings.name);
    this.kubeconfig = pulumi.secret(cluster.stdout);
    this.dockerSubnet = subnet.stdout.apply((s) => s.trim());
    this.deletedWith = cluster;
    this.provider = new k8s.Provider(
      `${name}-provider`,
      // Server-side apply is what NamespacePatch needs to label the existing `default` namespace.
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      dockerSubnet: this.dockerSubnet,
    });
  }
}
