import { freePort } from "../../tools/e2e/lane/local-pod";
import {
  controllerCommand,
  CONTROLLER_SELECTOR,
  type ControllerPod,
} from "../../tools/e2e/lane/metallb-controller";

/** The controller pod as chart 0.16.1 renders it (charts/metallb/templates/controller.yaml). */
const pod: ControllerPod = {
  metadata: { name: "metallb-controller-7d9c8b-x2x4q", namespace: "metallb-system" },
  spec: {
    containers: [
      {
        name: "controller",
        args: [
          "--port=7472",
          "--log-level=info",
          "--tls-min-version=VersionTLS12",
          "--metrics-cert-dir=/etc/metrics",
        ],
        env: [
          { name: "METALLB_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          { name: "METALLB_ML_SECRET_NAME", value: "metallb-memberlist" },
          { name: "METALLB_DEPLOYMENT", value: "metallb-controller" },
        ],
      },
    ],
  },
};

describe("the MetalLB controller as a local process", () => {
  const command = controllerCommand(pod, "/run/kubeconfig.yaml", { metrics: 41000, health: 41001 });

  test("the pod's own arguments, the webhook off, ports free here, the pod's namespace and name", () => {
    expect(command.args).toEqual([
      "--log-level=info",
      "--tls-min-version=VersionTLS12",
      "--webhook-mode=disabled",
      "--port=41000",
      "--health-probe-port=41001",
      "--namespace=metallb-system",
      "--pod-name=metallb-controller-7d9c8b-x2x4q",
    ]);
  });

  test("the pod's environment, field references resolved; the cluster through KUBECONFIG", () => {
    expect(command.env).toEqual({
      METALLB_POD_NAME: "metallb-controller-7d9c8b-x2x4q",
      METALLB_ML_SECRET_NAME: "metallb-memberlist",
      METALLB_DEPLOYMENT: "metallb-controller",
      KUBECONFIG: "/run/kubeconfig.yaml",
    });
  });

  test("the pod is found by the chart's labels", () => {
    expect(CONTROLLER_SELECTOR).toBe("app.kubernetes.io/name=metallb,app.kubernetes.io/component=controller");
  });

  test("free ports are real ports", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1024);
  });
});
