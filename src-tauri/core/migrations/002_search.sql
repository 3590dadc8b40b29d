-- Schema version 2: the search box's two full-text indexes, filled by the
-- store from search.rs's SearchDoc (existing cases are indexed by the
-- migration's Rust step). Contentless: they hold only the index.

CREATE VIRTUAL TABLE case_text USING fts5 (
    doc, content = '', contentless_delete = 1, tokenize = 'trigram'
);

CREATE VIRTUAL TABLE case_bigrams USING fts5 (
    grams, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
