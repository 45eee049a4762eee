/**
 * A module that is loaded on first use. @pulumi/pulumi requires TypeScript and @npmcli/arborist at
 * start-up for function serialization, which a program under mocks never does; jest loads every
 * module again for each test file, so deferring the two saves that load in every file that never
 * touches them (see jest.config.js).
 */
export function deferred(load: () => object): object {
  let real: Record<PropertyKey, unknown> | undefined;
  const module = () => (real ??= load() as Record<PropertyKey, unknown>);
  return new Proxy(
    {},
    {
      // `__esModule` answers without loading, so `import * as` (tslib's __importStar) keeps the proxy.
      get: (_, key) =>
        key === "__esModule" ? true : key === "default" ? (module().default ?? module()) : module()[key],
      has: (_, key) => key in module(),
      ownKeys: () => Reflect.ownKeys(module()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(module(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}
