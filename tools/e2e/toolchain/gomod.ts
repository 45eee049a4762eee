/**
 * Reading an upstream go.mod and rendering the wrapper module that builds it. A module whose go.mod
 * has local `replace` directives cannot be built with `go install module@version` (replace directives
 * of dependencies are ignored), so the wrapper requires it and repeats what its replaces mean.
 * https://go.dev/ref/mod#go-mod-file-replace
 */

export interface GoModReplace {
  readonly from: string;
  readonly fromVersion?: string;
  readonly to: string;
  readonly toVersion?: string;
}

export interface GoMod {
  readonly module: string;
  readonly go?: string;
  readonly godebug: readonly string[];
  /** Every `require`d module and its version, direct or indirect. */
  readonly requires: ReadonlyMap<string, string>;
  readonly replaces: readonly GoModReplace[];
}

function stripComment(line: string): string {
  const at = line.indexOf("//");
  return (at >= 0 ? line.slice(0, at) : line).trim();
}

/** Parses the directives this build needs; anything else in the file is ignored. */
export function parseGoMod(text: string): GoMod {
  let module = "";
  let go: string | undefined;
  const godebug: string[] = [];
  const requires = new Map<string, string>();
  const replaces: GoModReplace[] = [];
  let block: string | undefined;

  const directive = (verb: string, rest: string) => {
    const words = rest.split(/\s+/).filter((w) => w.length > 0);
    if (verb === "module") module = words[0]?.replace(/^"|"$/g, "") ?? "";
    else if (verb === "go") go = words[0];
    else if (verb === "godebug") godebug.push(words.join(" "));
    else if (verb === "require" && words.length >= 2) requires.set(words[0], words[1]);
    else if (verb === "replace") {
      const arrow = words.indexOf("=>");
      if (arrow < 1) return;
      const left = words.slice(0, arrow);
      const right = words.slice(arrow + 1);
      replaces.push({ from: left[0], fromVersion: left[1], to: right[0], toVersion: right[1] });
    }
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw);
    if (line === "") continue;
    if (block !== undefined) {
      if (line === ")") block = undefined;
      else directive(block, line);
      continue;
    }
    const match = /^(\w+)\s*(.*)$/.exec(line);
    if (match === null) continue;
    const [, verb, rest] = match;
    if (rest === "(") block = verb;
    else directive(verb, rest);
  }
  if (module === "") throw new Error("go.mod has no module directive");
  return { module, go, godebug, requires, replaces };
}

/** A replace target that is a directory inside the upstream repository rather than a module. */
export function isLocalPath(target: string): boolean {
  return (
    target.startsWith("./") ||
    target.startsWith("../") ||
    target.startsWith("/") ||
    target === "." ||
    target === ".."
  );
}

export interface WrapperSpec {
  /** The wrapper's own module path (never imported by anyone). */
  readonly module: string;
  /** The `go` directive: the upstream module's, so language semantics match upstream's build. */
  readonly go: string;
  readonly godebug: readonly string[];
  /** Modules to require, each at an exact version. */
  readonly requires: ReadonlyMap<string, string>;
  /** Non-local replaces repeated from upstream (module-to-module only). */
  readonly replaces: readonly GoModReplace[];
}

export interface WrapperPlan {
  readonly spec: WrapperSpec;
  /** Local replaces whose sibling module is required at a published version instead. */
  readonly mapped: readonly { readonly module: string; readonly version: string }[];
  /** Local replaces of modules upstream does not require (no effect on the build). */
  readonly dropped: readonly string[];
}

/**
 * Plans the wrapper for `target@version`: upstream's non-local replaces are repeated; each local
 * replace of a module upstream requires becomes a requirement of that module at `siblingVersion`,
 * which must name a published version (else the build cannot follow upstream and says so).
 */
export function planWrapper(
  upstream: GoMod,
  version: string,
  siblingVersion: (module: string) => string | undefined,
  wrapperModule: string,
): WrapperPlan {
  const requires = new Map<string, string>([[upstream.module, version]]);
  const mapped: { module: string; version: string }[] = [];
  const dropped: string[] = [];
  const replaces: GoModReplace[] = [];
  for (const replace of upstream.replaces) {
    if (!isLocalPath(replace.to)) {
      replaces.push(replace);
      continue;
    }
    if (!upstream.requires.has(replace.from)) {
      dropped.push(replace.from);
      continue;
    }
    const sibling = siblingVersion(replace.from);
    if (sibling === undefined)
      throw new Error(
        `${upstream.module} replaces ${replace.from} with the local directory ${replace.to}, ` +
          `and no published version of it is known for this build`,
      );
    requires.set(replace.from, sibling);
    mapped.push({ module: replace.from, version: sibling });
  }
  return {
    spec: { module: wrapperModule, go: upstream.go ?? "1.21", godebug: upstream.godebug, requires, replaces },
    mapped,
    dropped,
  };
}

function side(path: string, version: string | undefined): string {
  return version === undefined ? path : `${path} ${version}`;
}

/** Renders the wrapper go.mod text; the build then runs `go get` on its packages to fill go.sum. */
export function renderWrapperGoMod(spec: WrapperSpec): string {
  const lines = [
    "// Generated by npm run e2e:tools from tools/e2e/versions.json and package-lock.json; do not edit.",
    `module ${spec.module}`,
    "",
    `go ${spec.go}`,
  ];
  for (const setting of spec.godebug) lines.push("", `godebug ${setting}`);
  lines.push("", "require (");
  for (const [module, version] of [...spec.requires].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    lines.push(`\t${module} ${version}`);
  lines.push(")");
  if (spec.replaces.length > 0) {
    lines.push("", "replace (");
    for (const r of spec.replaces)
      lines.push(`\t${side(r.from, r.fromVersion)} => ${side(r.to, r.toVersion)}`);
    lines.push(")");
  }
  return `${lines.join("\n")}\n`;
}
