#!/bin/sh
# The case store's role and database, beside Temporal's on the same PostgreSQL (docker-compose.yml's
# store-db job, and `npm run test:production`). Idempotent: runs on every `up`; an existing role gets
# the password again. The database is UTF-8 with LC_CTYPE C.UTF-8: under C, pg_trgm skips every Han
# character and the case list's search finds no Chinese text (db/migrations-pg).
#
# Reads the usual libpq variables for the administrator's connection (PGHOST, PGPORT, PGUSER,
# PGPASSWORD) and STORE_DB_PASSWORD, STORE_DB_USER (escalate), STORE_DB_NAME (escalate).
set -eu
: "${STORE_DB_PASSWORD:?set STORE_DB_PASSWORD}"
psql -X -q -v ON_ERROR_STOP=1 -d postgres \
  -v user="${STORE_DB_USER:-escalate}" -v pw="$STORE_DB_PASSWORD" -v db="${STORE_DB_NAME:-escalate}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING %L LC_COLLATE %L LC_CTYPE %L', :'db', :'user', 'UTF8', 'C.UTF-8', 'C.UTF-8')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
echo "store database ${STORE_DB_NAME:-escalate} ready (role ${STORE_DB_USER:-escalate})"
