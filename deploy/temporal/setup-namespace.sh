#!/bin/sh
# Waits for the Temporal frontend, creates the namespace if it is missing and registers our custom
# search attributes on it (SQL visibility keeps them per namespace). Used by docker-compose.yml (the
# temporal-namespace job, in the admin-tools image) and by `npm run test:production` (with the
# project's own `temporal` CLI), so both set Temporal up the same way.
# The attribute list must match SEARCH_ATTRIBUTES in workflows/definitions.ts (tests/compose.test.ts
# checks it). Idempotent: run it on every start.
#
# Environment: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE (default), NAMESPACE_RETENTION
# (720h), TEMPORAL_CLI (temporal), and for mutual TLS: TLS_CA, TLS_CERT, TLS_KEY, TLS_SERVER_NAME.
set -eu
CLI=${TEMPORAL_CLI:-temporal}
NS=${TEMPORAL_NAMESPACE:-default}
RETENTION=${NAMESPACE_RETENTION:-720h}

t() {
  if [ -n "${TLS_CERT:-}" ]; then
    "$CLI" "$@" --address "$TEMPORAL_ADDRESS" --tls-ca-path "$TLS_CA" --tls-cert-path "$TLS_CERT" \
      --tls-key-path "$TLS_KEY" --tls-server-name "${TLS_SERVER_NAME:-temporal}"
  else
    "$CLI" "$@" --address "$TEMPORAL_ADDRESS"
  fi
}

retry() {
  n=0
  until "$@"; do
    n=$((n + 1))
    if [ "$n" -ge 90 ]; then echo "giving up: $*" >&2; return 1; fi
    sleep 2
  done
}

retry t operator cluster health
if ! t operator namespace describe --namespace "$NS" >/dev/null 2>&1; then
  retry t operator namespace create --namespace "$NS" --retention "$RETENTION"
fi

# An attribute that exists already with its type is left alone.
sa() {
  if t operator search-attribute list --namespace "$NS" 2>/dev/null | grep -Eq "^[[:space:]]*$1[[:space:]]"; then return 0; fi
  retry t operator search-attribute create --namespace "$NS" --name "$1" --type "$2"
}
sa CaseStatus Keyword
sa LeadUnit Keyword
sa Assignee Keyword
sa Overdue Bool
sa CaseUnits KeywordList
sa DeadlineProvisional Bool
sa Town Keyword
sa Month Keyword
sa StoreBehind Bool
t operator search-attribute list --namespace "$NS"
# Let every server role's namespace cache (refreshed every 10 s) see the new aliases.
sleep "${NAMESPACE_CACHE_WAIT:-12}"
echo "Namespace $NS is ready"
