#!/bin/sh
# One-shot (service temporal-schema, image temporalio/admin-tools): create Temporal's two databases on PostgreSQL
# and bring both schemas up to the version that ships with this admin-tools image — the same version as the
# temporalio/server image, so upgrade both tags together. Every step is idempotent: re-running on an up-to-date
# database changes nothing, and after an upgrade it applies only the new schema versions.
# infra/temporalServer.ts runs this same script here, with temporal-sql-tool built from the Go module proxy on PATH
# and SCHEMA_ROOT pointing at the schema folder of the same server version.
set -eu

: "${SQL_HOST:=postgresql}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?TEMPORAL_DB_USER is not set}"
: "${SQL_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"
: "${SCHEMA_ROOT:=/etc/temporal/schema/postgresql/v12}"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --pw "$SQL_PASSWORD" "$@"
}

for pair in "temporal:temporal" "temporal_visibility:visibility"; do
  database="${pair%%:*}"
  schema="${pair##*:}"
  echo "== $database"
  # create-database fails when the database exists (every start after the first); setup-schema below fails
  # loudly if it is missing for another reason.
  sql_tool --db "$database" create-database || echo "database $database already exists"
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$SCHEMA_ROOT/$schema/versioned"
done
echo "Temporal schema is up to date."
