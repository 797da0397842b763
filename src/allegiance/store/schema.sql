-- allegiance database schema, version 1. Documented in docs/schema.md.
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,      -- 16 hex digits of SHA-256 over the normalised text
    title VARCHAR,
    date DATE,
    date_source VARCHAR NOT NULL,        -- metadata | page | user | none
    source VARCHAR,
    url VARCHAR,
    origin VARCHAR NOT NULL,             -- the input file
    locator VARCHAR NOT NULL,            -- where inside it (JSONL line, WARC record)
    format VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    blocks VARCHAR NOT NULL,             -- JSON [[start, end, kind], ...]: paragraphs, headings, captions
    n_chars INTEGER NOT NULL,
    duplicate_of VARCHAR,                -- set for near-duplicates, which are not coded
    similarity DOUBLE,                   -- estimated Jaccard similarity to duplicate_of
    minhash BLOB NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    coded_at TIMESTAMP                   -- NULL until sentences, mentions and events are stored
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id VARCHAR NOT NULL,
    sent_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    block VARCHAR NOT NULL,              -- body | heading | caption
    text VARCHAR NOT NULL,
    PRIMARY KEY (article_id, sent_index)
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    sent_index INTEGER NOT NULL,
    mention_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    kind VARCHAR NOT NULL,
    kb_id VARCHAR NOT NULL,
    PRIMARY KEY (article_id, mention_index)
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,        -- article id, sentence index and a running number
    origin VARCHAR NOT NULL,             -- coded | an importer's name
    article_id VARCHAR,
    sent_index INTEGER,
    start_char INTEGER,
    end_char INTEGER,
    event_date DATE,
    date_basis VARCHAR NOT NULL,         -- sentence | article | none
    source_code VARCHAR NOT NULL,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_text VARCHAR,
    source_kb_id VARCHAR,
    target_code VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_text VARCHAR,
    target_kb_id VARCHAR,
    cameo VARCHAR NOT NULL,
    cameo_name VARCHAR,
    goldstein DOUBLE,
    quad_class INTEGER NOT NULL,
    plover VARCHAR,
    intensity DOUBLE,
    modality VARCHAR NOT NULL,           -- asserted | negated | hypothetical | future
    mirrored BOOLEAN NOT NULL DEFAULT false, -- reverse direction added to a stated joint act
    trigger VARCHAR,
    block VARCHAR
);

CREATE TABLE IF NOT EXISTS skipped_inputs (
    origin VARCHAR NOT NULL,
    locator VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    action VARCHAR NOT NULL,             -- skipped | partial
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (origin, locator, reason)
);
