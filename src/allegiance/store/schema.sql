-- allegiance database schema, version 2. Documented in docs/schema.md.
--
-- The tables written per coded article (sentences, mentions, events, claims, quotes, figures,
-- verdicts) have no primary key. DuckDB keeps a primary key's index in memory for as long as the
-- file is open, so per-row keys made a long run's memory grow with the corpus (about 5 KB per
-- article). Their rows stay unique because an article's rows are written once, in the
-- transaction that marks it coded, and deleted first when it is coded again
-- (store/database.py); imported events are matched on event_id before they are inserted.
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
    text VARCHAR NOT NULL
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
    kb_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,           -- article id, sentence index and a running number
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
    block VARCHAR,
    confidence DOUBLE                    -- the coder's confidence, 0 to 1; null for imported events
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

-- Claims, quotes and figures (nlp/claims.py, quotes.py, figures.py), written with the sentences.
CREATE TABLE IF NOT EXISTS office_claims (
    article_id VARCHAR NOT NULL,
    claim_index INTEGER NOT NULL,
    sent_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,               -- "former President Moon Jae-in"
    person VARCHAR NOT NULL,             -- knowledge-base name where known, else as written
    name_text VARCHAR NOT NULL,          -- the name as written
    kb_person VARCHAR,                   -- person:<name> when the name is in the knowledge base
    title VARCHAR NOT NULL,              -- the title as written
    office VARCHAR NOT NULL,             -- normalised: president, secretary of defense, fellow, ...
    office_key VARCHAR,                  -- knowledge-base office (head_of_state, ambassador:USA); NULL: not covered
    country VARCHAR,                     -- ISO3 of the state whose office it is
    country_basis VARCHAR NOT NULL,      -- stated | person | title | attached | article | context | none
    qualifier VARCHAR,                   -- acting | former
    check_from DATE,                     -- days the claim is checked on
    check_to DATE,
    date_basis VARCHAR NOT NULL,         -- article | sentence | relative | none
    form VARCHAR NOT NULL,               -- before | after
    organisation VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    quote_index INTEGER NOT NULL,
    sent_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,         -- the quoted words (first to last part of a split quote)
    end_char INTEGER NOT NULL,
    kind VARCHAR NOT NULL,               -- direct | indirect
    text VARCHAR NOT NULL,
    verb VARCHAR NOT NULL,               -- say, state, comment, according to, ...
    speaker_text VARCHAR NOT NULL,
    speaker_name VARCHAR,
    speaker_key VARCHAR,                 -- spelling-insensitive name key, for corroboration
    speaker_title VARCHAR,
    speaker_organisation VARCHAR,
    speaker_country VARCHAR,
    speaker_start INTEGER NOT NULL,
    speaker_end INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS figures (
    article_id VARCHAR NOT NULL,
    figure_index INTEGER NOT NULL,
    sent_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,               -- "over 28 million"
    value DOUBLE NOT NULL,
    unit VARCHAR,
    measure VARCHAR,
    measure_terms VARCHAR[],             -- content words of unit and measure, for corroboration
    direction VARCHAR,                   -- increase | decrease
    qualifier VARCHAR,                   -- more than, nearly, ...
    total DOUBLE,
    attribution VARCHAR
);

-- Written by verification (allegiance verify, and at the end of allegiance run).
CREATE TABLE IF NOT EXISTS verdicts (
    article_id VARCHAR NOT NULL,
    item VARCHAR NOT NULL,               -- claim | quote | figure
    item_index INTEGER NOT NULL,         -- claim_index, quote_index or figure_index
    sent_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    verdict VARCHAR NOT NULL,            -- supported | contradicted | unverifiable | corroborated | uncorroborated
    evidence VARCHAR NOT NULL,
    holders VARCHAR[],                   -- contradicted claims: who held the office
    corroborating VARCHAR[],             -- article ids reporting the same figure or speaker
    verified_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS reliability (
    article_id VARCHAR PRIMARY KEY,
    claims_supported INTEGER NOT NULL,
    claims_contradicted INTEGER NOT NULL,
    claims_unverifiable INTEGER NOT NULL,
    unverifiable_experts VARCHAR[] NOT NULL, -- named sources the knowledge base cannot check
    quotes INTEGER NOT NULL,
    quotes_corroborated INTEGER NOT NULL,
    figures INTEGER NOT NULL,
    figures_unsourced INTEGER NOT NULL,
    figures_corroborated INTEGER NOT NULL,
    verified_at TIMESTAMP NOT NULL
);
