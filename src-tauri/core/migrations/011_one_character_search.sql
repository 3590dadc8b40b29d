-- Schema version 11: a one-character search reads one list.
--
-- A one-character term is the prefix query "水"*: every bigram token that
-- starts with the character (水管, 水费, 水了, ...), hundreds of lists merged
-- before anything is counted or sorted (up to half a second at a million
-- cases). With prefix = '1', FTS5 also keeps, for each first character,
-- the list of every row holding a token that starts with it, and answers
-- the same query from that list alone (a few milliseconds). The results are
-- the same; the index is rebuilt by the migration's Rust step.

DROP TABLE case_bigrams;

CREATE VIRTUAL TABLE case_bigrams USING fts5 (
    grams, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0', prefix = '1'
);
