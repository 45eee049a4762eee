#!/bin/sh
# Runs a command with a passphrase for the stacks' secrets, so pulumi never prompts: the user's
# (PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE) if set, else this machine's own, made on
# first use (tools/secrets/prepare.mjs: ~/.config/istio-sandbox/passphrase; a stack still under the
# old published passphrase is moved to it first). ~/.pulumi, the local state, is kept private.
set -eu
# Pulumi's local state is written with the umask's modes (0666 files, 0777 folders), so this keeps
# what it writes readable by the user only:
# https://github.com/google/go-cloud/blob/v0.46.0/blob/fileblob/fileblob.go#L703-L721
umask 077
prepare="$(dirname "$0")/secrets/prepare.mjs"
if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  PULUMI_CONFIG_PASSPHRASE_FILE=$(node "$prepare" machine "$@")
  export PULUMI_CONFIG_PASSPHRASE_FILE
else
  node "$prepare" user "$@"
fi
exec "$@"
