#!/bin/sh
# Typecheck, lint and format check side by side (each is single-threaded), failing if any fails.
tsc --noEmit -p tsconfig.json & typecheck=$!
eslint . & lint=$!
prettier --check --log-level warn . & format=$!
status=0
wait $typecheck || { echo "typecheck failed" >&2; status=1; }
wait $lint || { echo "lint failed" >&2; status=1; }
wait $format || { echo "format check failed (run npm run format)" >&2; status=1; }
exit $status
