#!/bin/sh
# Runs a pulumi command on the selected stack (PULUMI_STACK, default dev), creating the stack on
# first use with the passphrase secrets provider, so no account, login or prompt is needed.
set -eu
stack="${PULUMI_STACK:-dev}"
exec sh "$(dirname "$0")/with-passphrase.sh" sh -c '
  pulumi stack select --create --secrets-provider passphrase "$0" >/dev/null
  exec pulumi --stack "$0" "$@"
' "$stack" "$@"
