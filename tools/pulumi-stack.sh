#!/bin/sh
# Runs a pulumi command on the selected stack (PULUMI_STACK, default dev), creating the stack on
# first use with the passphrase secrets provider, so no account, login or prompt is needed.
set -eu
stack="${PULUMI_STACK:-dev}"
if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  # A sandbox default, not a secret: set PULUMI_CONFIG_PASSPHRASE to your own before the first run.
  PULUMI_CONFIG_PASSPHRASE="istio-sandbox"
  export PULUMI_CONFIG_PASSPHRASE
  echo "Using the default passphrase for stack secrets; set PULUMI_CONFIG_PASSPHRASE to use your own." >&2
fi
pulumi stack select --create --secrets-provider passphrase "$stack" >/dev/null
exec pulumi --stack "$stack" "$@"
