/** A ClusterApi that answers from recorded API objects and records every call. */
import type { ClusterApi, Pod, Service } from "../../tools/verify/cluster-api";

export class FakeCluster implements ClusterApi {
  readonly calls: string[] = [];
  readonly services = new Map<string, Service>();
  readonly podLists = new Map<string, readonly Pod[]>();
  /** Successive readPod answers per `namespace/name`; the last one repeats. */
  readonly podStates = new Map<string, (Pod | Promise<Pod>)[]>();
  readonly logs = new Map<string, string>();
  readonly created: Pod[] = [];
  /** getFromPod answers per `namespace/name:port/path`; an Error is thrown. */
  readonly podAnswers = new Map<string, string | Error>();
  failOn?: { readonly call: string; readonly error: Error };

  private record(call: string): void {
    this.calls.push(call);
    if (this.failOn && call.startsWith(this.failOn.call)) throw this.failOn.error;
  }

  readService(namespace: string, name: string): Promise<Service | undefined> {
    this.record(`readService ${namespace}/${name}`);
    return Promise.resolve(this.services.get(`${namespace}/${name}`));
  }
  listPods(namespace: string, labelSelector: string): Promise<readonly Pod[]> {
    this.record(`listPods ${namespace} ${labelSelector}`);
    return Promise.resolve(this.podLists.get(`${namespace} ${labelSelector}`) ?? []);
  }
  createNamespace(name: string, labels: Readonly<Record<string, string>>): Promise<void> {
    this.record(`createNamespace ${name} ${JSON.stringify(labels)}`);
    return Promise.resolve();
  }
  deleteNamespace(name: string): Promise<void> {
    this.record(`deleteNamespace ${name}`);
    return Promise.resolve();
  }
  createPod(namespace: string, pod: Pod): Promise<void> {
    this.record(`createPod ${namespace}/${pod.metadata?.name ?? "?"}`);
    this.created.push(pod);
    return Promise.resolve();
  }
  readPod(namespace: string, name: string): Promise<Pod> {
    this.record(`readPod ${namespace}/${name}`);
    const states = this.podStates.get(`${namespace}/${name}`) ?? [];
    const next = states.length > 1 ? states.shift() : states[0];
    return next === undefined
      ? Promise.reject(new Error(`no recorded pod ${namespace}/${name}`))
      : Promise.resolve(next);
  }
  readPodLog(namespace: string, name: string, container: string): Promise<string> {
    this.record(`readPodLog ${namespace}/${name} ${container}`);
    return Promise.resolve(this.logs.get(`${namespace}/${name}`) ?? "");
  }
  deletePod(namespace: string, name: string): Promise<void> {
    this.record(`deletePod ${namespace}/${name}`);
    return Promise.resolve();
  }
  getFromPod(namespace: string, name: string, port: number, path: string): Promise<string> {
    const key = `${namespace}/${name}:${port}/${path}`;
    this.record(`getFromPod ${key}`);
    const answer = this.podAnswers.get(key);
    if (answer === undefined) return Promise.reject(new Error(`no recorded answer for ${key}`));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

export function waitingPod(reason: string): Pod {
  return {
    spec: { containers: [{ name: "probe" }] },
    status: { phase: "Pending", containerStatuses: [{ name: "probe", state: { waiting: { reason } } }] },
  };
}

/** A finished probe; with a classic sidecar the pod itself stays Running. */
export function finishedPod(exitCode = 0): Pod {
  return {
    spec: { containers: [{ name: "probe" }, { name: "istio-proxy" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        { name: "istio-proxy", state: { running: {} } },
        { name: "probe", state: { terminated: { exitCode, reason: "Completed" } } },
      ],
    },
  };
}
