/**
 * The subset of k3d's SimpleConfig (`k3d.io/v1alpha5`) that this project writes, typed field by
 * field after upstream's schema so a misspelled key fails to compile.
 * https://github.com/k3d-io/k3d/blob/main/pkg/config/v1alpha5/schema.json
 */

/** e.g. `server:*`, `agent:*`, `loadbalancer`, `all`. */
export type NodeFilter = string;

export interface K3dSimpleConfig {
  readonly apiVersion: "k3d.io/v1alpha5";
  readonly kind: "Simple";
  readonly metadata: { readonly name: string };
  readonly servers: number;
  readonly agents: number;
  readonly image: string;
  readonly volumes?: readonly { readonly volume: string; readonly nodeFilters: readonly NodeFilter[] }[];
  readonly ports?: readonly { readonly port: string; readonly nodeFilters: readonly NodeFilter[] }[];
  readonly registries?: {
    readonly create?: { readonly name?: string; readonly host?: string; readonly hostPort?: string };
  };
  readonly options?: {
    readonly k3d?: { readonly wait?: boolean; readonly timeout?: string };
    readonly k3s?: {
      readonly extraArgs?: readonly { readonly arg: string; readonly nodeFilters: readonly NodeFilter[] }[];
    };
    readonly kubeconfig?: {
      readonly updateDefaultKubeconfig?: boolean;
      readonly switchCurrentContext?: boolean;
    };
    readonly runtime?: {
      readonly labels?: readonly { readonly label: string; readonly nodeFilters: readonly NodeFilter[] }[];
    };
  };
}
