/**
 * The mesh's tracing provider for the Jaeger add-on: Envoy (sidecars, gateways, waypoints) sends spans
 * over OpenTelemetry to the `jaeger-collector` Service that samples/addons/jaeger.yaml creates (its
 * port 4317, `grpc-otel`), and a Telemetry resource turns the provider on. Istio's own recipe:
 * https://istio.io/latest/docs/tasks/observability/distributed-tracing/jaeger/
 */
import { deepMerge, type PlainObject } from "../istio/merge";

/** The extension provider's name, which the Telemetry resource refers to. */
export const TRACING_PROVIDER = "jaeger";

/** `meshConfig` with the Jaeger provider added; the user's own meshConfig keys win. */
export function tracingMeshConfig(meshConfig: Readonly<PlainObject>): PlainObject {
  return deepMerge(
    {
      extensionProviders: [
        {
          name: TRACING_PROVIDER,
          opentelemetry: { service: "jaeger-collector.istio-system.svc.cluster.local", port: 4317 },
        },
      ],
    },
    meshConfig,
  );
}
