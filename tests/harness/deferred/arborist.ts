import { deferred } from "./defer";

// The package's own entry file, which jest.config.js does not map back here; loading late is the point.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export = deferred(() => require("@npmcli/arborist/lib/index.js") as object);
