#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume (/docker-entrypoint-initdb.d). Creates the
# application's role and database and Temporal's role, so that neither the app nor Temporal runs as superuser.
# Temporal's role may create databases: the temporal-schema service creates temporal and temporal_visibility.
set -eu

: "${APP_DB_USER:?set APP_DB_USER in .env}"
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD in .env}"
: "${APP_DB_NAME:?set APP_DB_NAME in .env}"
: "${TEMPORAL_DB_USER:?set TEMPORAL_DB_USER in .env}"
: "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD in .env}"

# psql variables (:"name" quotes an identifier, :'name' a literal) keep the values out of the SQL text.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_user="$APP_DB_USER" -v app_password="$APP_DB_PASSWORD" -v app_db="$APP_DB_NAME" \
  -v temporal_user="$TEMPORAL_DB_USER" -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
-- The runtime role of migration 0008 (the audit log only through audit_append): made here because the application's
-- user may not create roles.
CREATE ROLE factory5g_app NOLOGIN;
CREATE DATABASE :"app_db" OWNER :"app_user" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
CREATE ROLE :"temporal_user" LOGIN CREATEDB PASSWORD :'temporal_password';
SQL
