-- 客诉台 ComplaintDesk: creates the department's server database and its role.
-- Run once, as a PostgreSQL superuser, on the server (PostgreSQL 13 or newer):
--
--   psql -U postgres -v ON_ERROR_STOP=1 -v password="'a-strong-password'" -f create-database.sql
--
-- The desks create the tables themselves at their first connection (the
-- schema is embedded in the app and migrated under an advisory lock, so
-- several desks starting together are fine). Afterwards, allow the desks'
-- network in pg_hba.conf, for example
--   hostssl  complaintdesk  complaintdesk  192.168.1.0/24  scram-sha-256
-- and set listen_addresses in postgresql.conf; then restart PostgreSQL.

CREATE ROLE complaintdesk LOGIN PASSWORD :password;

-- UTF8 with a UTF-8 character classification: pg_trgm, which serves the
-- search box, makes trigrams of Chinese text only under a UTF-8 LC_CTYPE.
-- C.UTF-8 also sorts names in code-point order, as the embedded database does.
CREATE DATABASE complaintdesk
    OWNER complaintdesk
    ENCODING 'UTF8'
    LC_COLLATE 'C.UTF-8'
    LC_CTYPE 'C.UTF-8'
    TEMPLATE template0;

\connect complaintdesk
-- pg_trgm is a trusted extension (PostgreSQL 13+), so the owner could create
-- it too; creating it here spares the desks the need.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
REVOKE ALL ON DATABASE complaintdesk FROM PUBLIC;
GRANT ALL ON SCHEMA public TO complaintdesk;
