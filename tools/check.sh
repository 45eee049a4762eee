#!/bin/sh
# Typecheck, lint and format check side by side (each is single-threaded), failing if any fails.
# Each keeps a cache under node_modules/.cache, so a re-run checks only what changed: tsc --build
# does not even read the program when no input changed (tsconfig.json names its build-info file).
# ESLint's cache is keyed on file contents: a type-aware finding caused by a change in another file
# can be missed until the file itself changes; a fresh clone (CI) has no cache and checks everything.
# Prettier reads TypeScript with its babel-ts parser (.prettierrc.json): the same formatting in about
# half the time of its typescript parser.
cache=node_modules/.cache/istio-sandbox
mkdir -p "$cache"
tsc --build tsconfig.json & typecheck=$!
eslint --cache --cache-strategy content --cache-location "$cache/eslint" . & lint=$!
prettier --check --log-level warn --cache --cache-location "$cache/prettier" . & format=$!
status=0
wait $typecheck || { echo "typecheck failed" >&2; status=1; }
wait $lint || { echo "lint failed" >&2; status=1; }
wait $format || { echo "format check failed (run npm run format)" >&2; status=1; }
exit $status
