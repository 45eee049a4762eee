/**
 * The engine's guard against reading unknown values. @pulumi/policy exports it at runtime, but its
 * proxy.d.ts declares nothing (https://github.com/pulumi/pulumi-policy/blob/master/sdk/nodejs/policy/proxy.ts),
 * so the types are given here.
 */
import * as policy from "@pulumi/policy";

interface PreviewProxy {
  /** Wraps properties so that reading an unknown value throws `UnknownValueError`. */
  unknownCheckingProxy<T extends object>(props: T): T;
  UnknownValueError: new (...args: never[]) => Error;
}

const proxy = policy as unknown as PreviewProxy;

export const unknownCheckingProxy = <T extends object>(props: T): T => proxy.unknownCheckingProxy(props);

export function isUnknownValueError(err: unknown): err is Error {
  return err instanceof proxy.UnknownValueError;
}
