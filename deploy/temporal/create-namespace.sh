#!/bin/sh
# One-shot (service temporal-namespace, image temporalio/admin-tools), after the server is healthy: create the
# application's namespace and the search attributes the design uses (Temporal Web UI filters for operators;
# the application's lists read PostgreSQL, never visibility). Idempotent.
set -eu

: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${TEMPORAL_NAMESPACE_RETENTION:=720h}"
# Name=Type pairs; keep in step with SEARCH_ATTRIBUTES in infra/temporal.ts (the development server's).
SEARCH_ATTRIBUTES="Year=Int ProvinceCode=Keyword"

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

for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair##*=}"
  if retry t operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" > /tmp/search-attributes \
    && grep -Eq "(^|[[:space:]])$name([[:space:]]|$)" /tmp/search-attributes; then
    echo "search attribute $name exists"
  else
    retry t operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"
    echo "search attribute $name ($type) created"
  fi
done
