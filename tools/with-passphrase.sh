#!/bin/sh
# Runs a command with a passphrase for the stack's secrets: the user's (PULUMI_CONFIG_PASSPHRASE or
# PULUMI_CONFIG_PASSPHRASE_FILE) if set, else the sandbox default, so pulumi never prompts.
set -eu
if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  # A sandbox default, not a secret: set PULUMI_CONFIG_PASSPHRASE to your own before the first run.
  PULUMI_CONFIG_PASSPHRASE="istio-sandbox"
  export PULUMI_CONFIG_PASSPHRASE
  echo "Using the default passphrase for stack secrets; set PULUMI_CONFIG_PASSPHRASE to use your own." >&2
fi
exec "$@"
