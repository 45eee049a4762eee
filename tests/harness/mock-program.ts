/**
 * Runs Pulumi code under `pulumi.runtime.setMocks` and records every resource registration the way
 * the engine would see it: inputs (with which paths are secret), parent, dependencies, deletedWith,
 * provider and the order of registration. A test can hold any resource's creation on a promise it
 * controls, to prove that dependents wait for it.
 */
import * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "@pulumi/pulumi/output";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settingsModule from "@pulumi/pulumi/runtime/settings";
import * as stateModule from "@pulumi/pulumi/runtime/state";
import { READ_STACK_OUTPUTS } from "../../components/stack-guards/last-update";

// Runtime hooks that upstream marks @internal, so they are missing from its type declarations.
const settings = settingsModule as unknown as {
  setMockOptions(
    monitor: unknown,
    project: string,
    stack: string,
    preview: boolean,
    organization: string,
  ): void;
  waitForRPCs(): Promise<void>;
};
const state = stateModule as unknown as { getStore(): Record<string, unknown> };

export interface CapturedResource {
  /** Registration order, from 0. */
  readonly seq: number;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent?: string;
  /** Inputs with secrets unwrapped (see secretPaths); a value unknown at preview is the engine's sentinel. */
  readonly inputs: Record<string, any>;
  /** Dotted paths of inputs that were sent as secrets (e.g. `stringData.tls.key`). */
  readonly secretPaths: readonly string[];
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly deletedWith?: string;
  readonly provider?: string;
  readonly additionalSecretOutputs: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly retainOnDelete: boolean;
  readonly replaceOnChanges: readonly string[];
}

export interface NewResourceInfo {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

export interface MockOptions {
  readonly project?: string;
  readonly stack?: string;
  /** What the backend reports as the stack's organization; the DIY backend's `organization` unless set. */
  readonly organization?: string;
  readonly preview?: boolean;
  /**
   * A preview of a stack that was never deployed: every resource is to be created, so no computed output
   * is known (the engine's preview of a create answers with the inputs, or nothing), and every value
   * derived from one, such as the k3d kubeconfig that each Kubernetes provider takes, is unknown.
   */
  readonly firstPreview?: boolean;
  /** Extra state a mocked resource reports back (merged over its inputs). */
  readonly state?: (resource: NewResourceInfo) => Record<string, unknown> | undefined;
  /** Return a promise to hold that resource's creation until the test resolves it. */
  readonly hold?: (resource: NewResourceInfo) => Promise<void> | undefined;
  /**
   * Results of provider function calls (invokes); throw to fail one. Without an answer, the engine's
   * read of the stack's own last update finds a stack with no earlier update.
   */
  readonly call?: (token: string, inputs: Record<string, any>) => Record<string, unknown> | undefined;
}

/** The string the engine uses for an unknown value on the wire (and hands to policies). */
export const UNKNOWN_ON_THE_WIRE = rpc.unknownValue;

function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
  if (isUnknown(value)) return UNKNOWN_ON_THE_WIRE;
  if (rpc.isRpcSecret(value)) {
    secretPaths.push(path);
    return unwrapSecrets((value as { value: unknown }).value, path, secretPaths);
  }
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${path}[${i}]`, secretPaths));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, secretPaths)]),
    );
  }
  return value;
}

/** Fake state for the resources whose outputs the program reads. */
function defaultState({ type, name, inputs }: NewResourceInfo): Record<string, unknown> {
  switch (type) {
    case "tls:index/privateKey:PrivateKey":
      return {
        privateKeyPem: `-----BEGIN PRIVATE KEY-----\nfake-${name}\n-----END PRIVATE KEY-----\n`,
        publicKeyPem: `pub-${name}`,
      };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      return { certPem: `-----BEGIN CERTIFICATE-----\nfake-${name}\n-----END CERTIFICATE-----\n` };
    case "tls:index/certRequest:CertRequest":
      return { certRequestPem: `csr-${name}` };
    case "command:local:Command":
      return { stdout: typeof inputs.create === "string" ? `stdout-of-${name}` : "", stderr: "" };
    default:
      return {};
  }
}

export class MockStack {
  readonly resources: CapturedResource[] = [];
  /** Resources read rather than registered (`Resource.get`, stack references): the engine keeps them in the state too. */
  readonly reads: NewResourceInfo[] = [];
  /** What each mocked provider answered, by URN: a resource's outputs. */
  readonly outputs = new Map<string, Record<string, any>>();
  /** `registered:<type>:<name>` and `created:<type>:<name>`, in the order they happened. */
  readonly events: string[] = [];
  private readonly waiters: { match: (r: CapturedResource) => boolean; resolve: () => void }[] = [];

  record(resource: CapturedResource): void {
    this.resources.push(resource);
    this.events.push(`registered:${resource.type}:${resource.name}`);
    for (const waiter of this.waiters.filter((w) => w.match(resource))) waiter.resolve();
  }

  /** Resolves once a resource of this type and name has been registered. */
  registration(type: string, name: string): Promise<void> {
    const match = (r: CapturedResource) => r.type === type && r.name === name;
    if (this.resources.some(match)) return Promise.resolve();
    return new Promise((resolvePromise) => this.waiters.push({ match, resolve: resolvePromise }));
  }

  /** True when `later` was registered only after `earlier`'s creation had completed. */
  registeredAfterCreated(
    later: { type: string; name: string },
    earlier: { type: string; name: string },
  ): boolean {
    const created = this.events.indexOf(`created:${earlier.type}:${earlier.name}`);
    const registered = this.events.indexOf(`registered:${later.type}:${later.name}`);
    return created >= 0 && registered > created;
  }

  ofType(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of this type and name; throws, listing what exists, when there is none. */
  get(type: string, name: string): CapturedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(`no ${type} named "${name}"; registered: ${names.join(", ") || "none"}`);
    }
    return found;
  }

  byUrn(urn: string): CapturedResource {
    const found = this.resources.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource ${urn}`);
    return found;
  }

  /** URNs this resource waits on: its explicit and property dependencies. */
  dependenciesOf(resource: CapturedResource): Set<string> {
    return new Set([...resource.dependencies, ...Object.values(resource.propertyDependencies).flat()]);
  }
}

class CapturingMonitor extends MockMonitor {
  constructor(
    mocks: pulumi.runtime.Mocks,
    private readonly stack: MockStack,
  ) {
    super(mocks);
  }

  async readResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    const inputs = unwrapSecrets(rpc.deserializeProperties(req.getProperties()), "", []) as Record<
      string,
      any
    >;
    this.stack.reads.push({ type: req.getType(), name: req.getName(), inputs });
    return super.readResource(req, callback);
  }

  async registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    const secretPaths: string[] = [];
    const inputs = unwrapSecrets(rpc.deserializeProperties(req.getObject()), "", secretPaths) as Record<
      string,
      any
    >;
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    const urn = (this as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(
      parent,
      type,
      name,
    );
    this.stack.record({
      seq: this.stack.resources.length,
      urn,
      type,
      name,
      custom: req.getCustom(),
      parent: parent || undefined,
      inputs,
      secretPaths,
      dependencies: req.getDependenciesList(),
      propertyDependencies,
      deletedWith: req.getDeletedwith() || undefined,
      provider: req.getProvider() || undefined,
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      retainOnDelete: req.getRetainondelete() === true,
      replaceOnChanges: req.getReplaceonchangesList(),
    });
    return super.registerResource(req, (err: any, resp: any) => {
      if (!err && resp) {
        this.stack.outputs.set(
          urn,
          unwrapSecrets(rpc.deserializeProperties(resp.getObject()), "", []) as any,
        );
      }
      callback(err, resp);
    });
  }
}

export type RunOptions = MockOptions & {
  /** Stack config, keys without the project namespace, as a stack file would hold them. */
  readonly config?: Record<string, unknown>;
};

/**
 * Pulumi records a stack trace for every promise it makes and every resource it registers; jest keeps
 * 100 frames of each and maps them through source maps, which costs more than the program itself.
 * While a program runs under mocks, an error records no frames (Pulumi asks for all of them where it
 * wants a resource's source position, and gets the first few, unmapped). SANDBOX_TEST_TRACES=1 keeps
 * jest's traces, to find where an unexpected error in the program came from.
 */
const KEEP_TRACES = process.env.SANDBOX_TEST_TRACES === "1";
const POSITION_FRAMES = 10;
let plainTraceRuns = 0;
let mappedTraces: typeof Error.prepareStackTrace;
let traceLimit = Error.stackTraceLimit;

function callSite(frame: NodeJS.CallSite): string {
  const where = `${frame.getFileName() ?? "<anonymous>"}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
  const name = frame.getFunctionName();
  return name ? `${name} (${where})` : where;
}

/** Switches to bare stack traces until the returned function is called (runs may overlap). */
function plainStackTraces(): () => void {
  if (KEEP_TRACES) return () => undefined;
  if (plainTraceRuns++ === 0) {
    mappedTraces = Error.prepareStackTrace;
    traceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    Error.prepareStackTrace = (error, frames) =>
      [String(error), ...frames.slice(0, POSITION_FRAMES).map((frame) => `    at ${callSite(frame)}`)].join(
        "\n",
      );
  }
  return () => {
    if (--plainTraceRuns === 0) {
      Error.prepareStackTrace = mappedTraces;
      Error.stackTraceLimit = traceLimit;
    }
  };
}

/** Runs `program` under mocks and waits until every registration has been answered. */
export async function runUnderMocks<T>(
  program: () => T,
  options: RunOptions = {},
): Promise<{ stack: MockStack; result: T }> {
  const started = startUnderMocks(program, options);
  await started.done;
  return { stack: started.stack, result: started.result };
}

/**
 * Starts `program` under mocks and returns at once, so a test can watch registrations while some
 * resource is held; `done` resolves when every registration has been answered.
 */
export function startUnderMocks<T>(
  program: () => T,
  options: RunOptions = {},
): { stack: MockStack; result: T; done: Promise<void> } {
  const project = options.project ?? "istio-sandbox";
  const stackName = options.stack ?? "dev";
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.config ?? {})) {
    config[`${project}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  pulumi.runtime.setAllConfig(config);

  const stack = new MockStack();
  const mocks: pulumi.runtime.Mocks = {
    newResource: async (args) => {
      const info = { type: args.type, name: args.name, inputs: args.inputs };
      await options.hold?.(info);
      stack.events.push(`created:${args.type}:${args.name}`);
      const state =
        options.firstPreview === true
          ? { ...args.inputs }
          : { ...args.inputs, ...defaultState(info), ...options.state?.(info) };
      return { id: args.custom === false ? undefined : `${args.name}-id`, state };
    },
    call: (args) =>
      options.call?.(args.token, args.inputs) ??
      (args.token === READ_STACK_OUTPUTS ? { name: args.inputs.name, outputs: {} } : args.inputs),
  };
  // "organization" is what the local (DIY) backend reports as the organization.
  settings.setMockOptions(
    new CapturingMonitor(mocks, stack),
    project,
    stackName,
    options.preview ?? options.firstPreview ?? false,
    options.organization ?? "organization",
  );
  // The same capabilities that pulumi.runtime.setMocks turns on for its own monitor.
  Object.assign(state.getStore(), {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
  });

  const restoreTraces = plainStackTraces();
  let result: T;
  try {
    result = program();
  } catch (error) {
    restoreTraces();
    throw error;
  }
  // An async program declares its resources once its own awaits settle, as the runtime awaits it.
  const done = Promise.resolve(result)
    .then(() => settings.waitForRPCs())
    .finally(restoreTraces);
  return { stack, result, done };
}

/** Resolves an Output's value (and whether it is secret) under mocks. */
export async function resolve<T>(output: pulumi.Input<T>): Promise<{ value: T; secret: boolean }> {
  const o = pulumi.output(output);
  const value = await new Promise<T>((ok) => o.apply((v) => ok(v as T)));
  const secret = await (o as unknown as { isSecret: Promise<boolean> }).isSecret;
  return { value, secret };
}

/** A promise with its resolve function, for holding a mocked resource. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolvePromise) => (open = resolvePromise));
  return { promise, open };
}
