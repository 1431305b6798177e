#!/bin/sh
# PostgreSQL first-start script (official postgres image, /docker-entrypoint-initdb.d/):
# one database AND one login role per service, never shared. Each role owns only its own
# database; PUBLIC may not connect to any of them, so a service cannot reach another's data.
#
# Passwords come from the environment (<SERVICE>_DB_PASSWORD, set in deploy/.env, never
# committed) and are passed to psql as variables, so they are quoted by psql itself.
# Runs once, on an empty data volume; to add a service later run the same SQL by hand.
set -eu

create() {  # create NAME PASSWORD
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v name="$1" -v password="$2" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
  echo "init-databases: database and role $1 created"
}

create intake "${INTAKE_DB_PASSWORD:?INTAKE_DB_PASSWORD is required}"
create mentoring "${MENTORING_DB_PASSWORD:?MENTORING_DB_PASSWORD is required}"
create family "${FAMILY_DB_PASSWORD:?FAMILY_DB_PASSWORD is required}"
create placements "${PLACEMENTS_DB_PASSWORD:?PLACEMENTS_DB_PASSWORD is required}"
create outcomes "${OUTCOMES_DB_PASSWORD:?OUTCOMES_DB_PASSWORD is required}"
