/**
 * The slice of the Kubernetes API that verify uses. The real one (k8s-client.ts) wraps
 * @kubernetes/client-node; tests answer with recorded API objects. The object types below are the
 * subset of the API's own JSON that verify reads, so recorded `kubectl get -o json` output fits.
 */

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly deletionTimestamp?: string | Date;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** `Always` on an init container makes it a native sidecar (how Istio injects on newer Kubernetes). */
  readonly restartPolicy?: string;
}

export interface ContainerStatus {
  readonly name: string;
  readonly ready?: boolean;
  readonly state?: {
    readonly waiting?: { readonly reason?: string; readonly message?: string };
    readonly running?: object;
    readonly terminated?: { readonly exitCode: number; readonly reason?: string };
  };
}

export interface Pod {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly spec?: {
    readonly containers: readonly Container[];
    readonly initContainers?: readonly Container[];
    readonly restartPolicy?: string;
    readonly activeDeadlineSeconds?: number;
    /** The node the pod runs on, once scheduled. */
    readonly nodeName?: string;
    /** The pod's identity in the mesh; `default` when unset. */
    readonly serviceAccountName?: string;
  };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
  };
}

export interface Service {
  readonly metadata?: ObjectMeta;
  readonly spec?: {
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports?: readonly { readonly port: number; readonly name?: string }[];
  };
}

export interface ClusterApi {
  /** Undefined when the Service does not exist. */
  readService(namespace: string, name: string): Promise<Service | undefined>;
  listPods(namespace: string, labelSelector: string): Promise<readonly Pod[]>;
  createNamespace(name: string, labels: Readonly<Record<string, string>>): Promise<void>;
  deleteNamespace(name: string): Promise<void>;
  createPod(namespace: string, pod: Pod): Promise<void>;
  readPod(namespace: string, name: string): Promise<Pod>;
  readPodLog(namespace: string, name: string, container: string): Promise<string>;
  deletePod(namespace: string, name: string): Promise<void>;
  /**
   * GETs `path` from `port` inside the pod, through the API server's port-forward (as `istioctl
   * proxy-config` reaches Envoy's admin port), and returns the body of a 200 answer.
   */
  getFromPod(namespace: string, name: string, port: number, path: string): Promise<string>;
}

/** `a=1,b=2`: the label selector that matches a Service's `spec.selector`. */
export function labelSelector(selector: Readonly<Record<string, string>>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
