-- Schema version 12: the search box answered from a narrow table of its own.
--
-- `case_search` was one row of about 1.1 KB per case (the text and its one-
-- and two-character grams as a text array), so counting a search's first
-- 10,001 matches read up to 10,001 such rows, and each was then looked up in
-- `cases` for the sheet's filters and sort key. Now each row holds:
--
-- - `doc`, the text, for terms of three or more characters (ILIKE, answered
--   by the trigram index, which is lossy: each candidate is checked here);
-- - `runs`, the text's runs of letters and digits lower-cased, one space
--   between them (SearchDoc::runs, made by the core, as the grams were): its
--   one- and two-character grams are the index's keys (`search_grams`, an
--   expression index: the codes are not stored), and a single case is
--   checked with `position(term IN runs)`;
-- - the sheet's filter and sort keys as the case holds them, under the
--   case's own names (`id`, `status`, … `handler_name`), so that a search's
--   count, filters and sort read this table alone as `c`, without a lookup
--   in `cases`. The trigger below copies them whenever a case's keys change;
--   the store writes them with the text when it (re)indexes a case.
--
-- About 450 bytes a row instead of 1.1 KB, and no array stored. fillfactor
-- 90: a case's status changes at every step of its workflow, and the copy
-- is then a HOT update that adds nothing to the GIN indexes. No parallel
-- workers: the sheet reads a page, and starting workers costs more than the
-- page on a desk's server.
--
-- Applied in two parts around `fill_narrow_search` (migrations.rs), which
-- copies the rows: `runs` is made by the core from each case's text.

-- A database of a million cases takes minutes here, more than a statement's
-- usual 30 seconds.
SET LOCAL statement_timeout = 0;
SET LOCAL maintenance_work_mem = '256MB';

-- The codes of the grams of `runs`: a character's code point, a neighbouring
-- pair (a, b) as (a + 1) * 0x110000 + b (`gram_code` in cases.rs). About
-- 30 µs a row: its cost says so (2000, against plpgsql's default 100), or
-- the planner reads every row of the table and computes it for each instead
-- of asking the index (the sheet's queries also plan a search's matches in
-- a subquery of their own, `OFFSET 0`, for the same reason).
CREATE FUNCTION search_grams(runs TEXT) RETURNS BIGINT[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 2000 AS $$
DECLARE
    codes BIGINT[] := '{}';
    prev  INT := 0;
    c     INT;
    ch    TEXT;
BEGIN
    FOREACH ch IN ARRAY coalesce(string_to_array(runs, NULL), '{}') LOOP
        c := ascii(ch);
        IF c = 32 THEN
            prev := 0;
        ELSE
            codes := array_append(codes, c::bigint);
            IF prev <> 0 THEN
                codes := array_append(codes, (prev::bigint + 1) * 1114112 + c);
            END IF;
            prev := c;
        END IF;
    END LOOP;
    RETURN codes;
END
$$;

CREATE TABLE case_search_narrow (
    id              BIGINT PRIMARY KEY REFERENCES cases(id),
    status          TEXT NOT NULL,
    severity        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    cause_type      TEXT,
    department_id   BIGINT,
    handler_id      BIGINT NOT NULL,
    received_at     BIGINT NOT NULL,
    customer_name   TEXT NOT NULL,
    department_name TEXT,
    handler_name    TEXT NOT NULL,
    doc             TEXT NOT NULL,
    runs            TEXT NOT NULL
) WITH (fillfactor = 90, parallel_workers = 0);

-- fill_narrow_search: the rows, from the old table and the cases.

DROP TABLE case_search;
ALTER TABLE case_search_narrow RENAME TO case_search;
ALTER INDEX case_search_narrow_pkey RENAME TO case_search_pkey;
ALTER TABLE case_search RENAME CONSTRAINT case_search_narrow_id_fkey TO case_search_id_fkey;
CREATE INDEX case_search_trgm ON case_search USING gin (doc gin_trgm_ops);
CREATE INDEX case_search_grams ON case_search USING gin (search_grams(runs));

CREATE FUNCTION case_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE case_search SET status = NEW.status, severity = NEW.severity, channel = NEW.channel,
        cause_type = NEW.cause_type, department_id = NEW.department_id, handler_id = NEW.handler_id,
        received_at = NEW.received_at, customer_name = NEW.customer_name,
        department_name = NEW.department_name, handler_name = NEW.handler_name
    WHERE id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_search_keys AFTER UPDATE ON cases FOR EACH ROW
    WHEN ((OLD.status, OLD.severity, OLD.channel, OLD.cause_type, OLD.department_id, OLD.handler_id,
           OLD.received_at, OLD.customer_name, OLD.department_name, OLD.handler_name)
          IS DISTINCT FROM
          (NEW.status, NEW.severity, NEW.channel, NEW.cause_type, NEW.department_id, NEW.handler_id,
           NEW.received_at, NEW.customer_name, NEW.department_name, NEW.handler_name))
    EXECUTE FUNCTION case_search_keys();

ANALYZE case_search;
