#!/bin/sh
# One-shot (service temporal-namespace, image temporalio/admin-tools), after the server is healthy: create the
# application's namespace and the search attributes listed in search-attributes (mounted next to this script).
# Idempotent. infra/temporalServer.ts runs this same script against the real server here, with the Temporal CLI
# on PATH.
set -eu

: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${TEMPORAL_NAMESPACE_RETENTION:=720h}"
: "${SEARCH_ATTRIBUTES_FILE:=$(dirname "$0")/search-attributes}"

t() { temporal --address "$TEMPORAL_ADDRESS" "$@"; }

# A namespace just created reaches every server role within seconds (namespace cache refresh): retry, briefly.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 30 ]; then echo "giving up: $*" >&2; return 1; fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

if t operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $TEMPORAL_NAMESPACE exists"
else
  t operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$TEMPORAL_NAMESPACE_RETENTION"
  echo "namespace $TEMPORAL_NAMESPACE created (retention $TEMPORAL_NAMESPACE_RETENTION)"
fi

existing=$(mktemp)
trap 'rm -f "$existing"' EXIT
grep -v '^[[:space:]]*\(#\|$\)' "$SEARCH_ATTRIBUTES_FILE" | while read -r name type; do
  if retry t operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" > "$existing" \
    && grep -Eq "(^|[[:space:]])$name([[:space:]]|$)" "$existing"; then
    echo "search attribute $name exists"
  else
    retry t operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"
    echo "search attribute $name ($type) created"
  fi
done
