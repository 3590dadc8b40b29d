-- Schema version 1: people, departments, customers, cases, numbering, audit.
-- Times are INTEGER milliseconds since 1970 UTC; money is INTEGER fen.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE departments (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1
);

INSERT INTO departments (name) VALUES
    ('客服部'), ('工程维修部'), ('物业管理部'), ('保安部'), ('保洁部'),
    ('商场营运部'), ('餐饮部'), ('质量管理部'), ('制造部'), ('业务部'),
    ('会计科'), ('行政人事部'), ('总经理室');

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL UNIQUE,   -- normalised, see phone.rs
    address    TEXT NOT NULL DEFAULT '',
    org        TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

-- The last serial handed out per month (YYMM); taken inside the
-- registering transaction so numbers are never duplicated.
CREATE TABLE case_counters (
    period      TEXT PRIMARY KEY,
    last_serial INTEGER NOT NULL
);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    case_no            TEXT NOT NULL UNIQUE,
    version            INTEGER NOT NULL DEFAULT 1,
    status             TEXT NOT NULL,
    received_at        INTEGER NOT NULL,
    channel            TEXT NOT NULL,
    customer_id        INTEGER NOT NULL REFERENCES customers(id),
    customer_name      TEXT NOT NULL,
    customer_phone     TEXT NOT NULL,
    customer_address   TEXT NOT NULL,
    customer_org       TEXT NOT NULL,
    content            TEXT NOT NULL,
    customer_request   TEXT NOT NULL,
    claim_amount_fen   INTEGER,
    order_no           TEXT NOT NULL,
    item_no            TEXT NOT NULL,
    quantity           INTEGER,
    delivery_date      TEXT,
    defective_quantity INTEGER,
    market             TEXT,
    nature             TEXT,
    cause_type         TEXT,
    severity           TEXT NOT NULL,
    department_id      INTEGER REFERENCES departments(id),
    sample_kept        INTEGER NOT NULL,
    sample_note        TEXT NOT NULL,
    receiver_id        INTEGER NOT NULL REFERENCES users(id),
    handler_id         INTEGER NOT NULL REFERENCES users(id),
    validity           TEXT,
    malicious          INTEGER NOT NULL DEFAULT 0,
    repeat_of_id       INTEGER REFERENCES cases(id),
    void_reason        TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

-- The tracking sheet filters and sorts in SQLite. Its default order is the
-- case number (= rowid), and every single-column index below keeps rowid
-- order within a value, so "filter, newest number first" stops after one
-- page. Status comes with severity and 受理时间 because "open cases of one
-- severity, latest first" is the desk's most common question, and this way
-- the index alone answers which fifty cases are on the page.
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_status ON cases (status, severity, received_at);
CREATE INDEX cases_severity ON cases (severity);
CREATE INDEX cases_department ON cases (department_id);
CREATE INDEX cases_channel ON cases (channel);
CREATE INDEX cases_cause ON cases (cause_type);
CREATE INDEX cases_customer ON cases (customer_id, received_at);

-- Nothing is ever deleted: a wrong registration is voided with a reason.
CREATE TRIGGER cases_never_deleted BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'cases are voided, never deleted'); END;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES users(id),
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    field     TEXT,
    old_value TEXT,
    new_value TEXT,
    reason    TEXT
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, id);

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
