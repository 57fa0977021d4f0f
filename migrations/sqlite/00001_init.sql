-- The catalog and its price history, in the same logical shape as the
-- Postgres schema. Differences, and why:
--   * times are INTEGER unix microseconds UTC: exact, compact, compared and
--     indexed as plain integers, and the same precision Postgres keeps;
--   * booleans are INTEGER 0/1;
--   * tables are STRICT so a value of the wrong type fails instead of being
--     stored as whatever it happened to be;
--   * title search is an FTS5 table over listings.search_text, kept in sync
--     by triggers (Postgres uses a trigram index instead).

-- +goose Up
CREATE TABLE shops (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    platform   TEXT    NOT NULL,
    base_url   TEXT    NOT NULL,
    currency   TEXT    NOT NULL,
    country    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE listings (
    id               INTEGER PRIMARY KEY,
    shop_id          INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    external_id      TEXT    NOT NULL,
    handle           TEXT    NOT NULL DEFAULT '',
    title            TEXT    NOT NULL,
    brand            TEXT    NOT NULL DEFAULT '',
    category         TEXT    NOT NULL,
    url              TEXT    NOT NULL,
    image_url        TEXT    NOT NULL DEFAULT '',
    tags             TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    search_text      TEXT    NOT NULL,              -- title and brand, lower case, accents stripped
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (shop_id, external_id)
) STRICT;

CREATE INDEX listings_brand_idx ON listings (brand);
CREATE INDEX listings_category_idx ON listings (category);
CREATE INDEX listings_updated_at_idx ON listings (updated_at);

-- A listing's price aggregates, apart from its wide row as in Postgres
-- (see there why). No row: never observed.
CREATE TABLE listing_prices (
    listing_id       INTEGER PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
    price_min_minor  INTEGER,                       -- cheapest purchasable variant, else cheapest
    currency         TEXT,
    discount_max_bp  INTEGER NOT NULL DEFAULT 0 CHECK (discount_max_bp BETWEEN 0 AND 10000),
    in_stock         INTEGER NOT NULL DEFAULT 0,
    price_updated_at INTEGER                        -- latest price_since of its variants
) STRICT;

CREATE INDEX listing_prices_price_min_idx ON listing_prices (price_min_minor);
CREATE INDEX listing_prices_discount_idx ON listing_prices (discount_max_bp);
CREATE INDEX listing_prices_updated_idx ON listing_prices (price_updated_at);

-- External-content FTS5 index: it stores only the index, the text stays in
-- listings. search_text is already folded, so the tokenizer only splits.
CREATE VIRTUAL TABLE listings_fts USING fts5 (
    search_text,
    content = 'listings',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- +goose StatementBegin
CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER listings_fts_update AFTER UPDATE OF search_text ON listings
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO listings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd

CREATE TABLE variants (
    id                    INTEGER PRIMARY KEY,
    listing_id            INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    external_id           TEXT    NOT NULL,
    sku                   TEXT    NOT NULL DEFAULT '',
    gtin                  TEXT,
    title                 TEXT    NOT NULL DEFAULT '',
    options               TEXT    NOT NULL DEFAULT '[]', -- JSON array of {"name","value"}
    deck_width_hundredths INTEGER,
    wheel_diameter_mm     INTEGER,
    wheel_durometer       TEXT,
    truck_size            TEXT,
    shoe_size_us          TEXT,
    apparel_size          TEXT,
    price_minor           INTEGER,
    compare_at_minor      INTEGER,
    currency              TEXT,
    availability          TEXT,
    discount_bp           INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    price_since           INTEGER,
    last_seen_at          INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    UNIQUE (listing_id, external_id)
) STRICT;

CREATE INDEX variants_gtin_idx ON variants (gtin) WHERE gtin IS NOT NULL;
CREATE INDEX variants_deck_width_idx ON variants (deck_width_hundredths) WHERE deck_width_hundredths IS NOT NULL;
CREATE INDEX variants_wheel_diameter_idx ON variants (wheel_diameter_mm) WHERE wheel_diameter_mm IS NOT NULL;
CREATE INDEX variants_wheel_durometer_idx ON variants (wheel_durometer) WHERE wheel_durometer IS NOT NULL;
CREATE INDEX variants_truck_size_idx ON variants (truck_size) WHERE truck_size IS NOT NULL;
CREATE INDEX variants_shoe_size_idx ON variants (shoe_size_us) WHERE shoe_size_us IS NOT NULL;
CREATE INDEX variants_apparel_size_idx ON variants (apparel_size) WHERE apparel_size IS NOT NULL;

CREATE TABLE price_points (
    id               INTEGER PRIMARY KEY,
    variant_id       INTEGER NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    valid_from       INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL,
    price_minor      INTEGER NOT NULL CHECK (price_minor >= 0),
    compare_at_minor INTEGER CHECK (compare_at_minor >= 0), -- NULL when none was published
    currency         TEXT    NOT NULL,
    availability     TEXT    NOT NULL,
    source_run       TEXT    NOT NULL DEFAULT '',
    UNIQUE (variant_id, valid_from),
    CHECK (last_seen_at >= valid_from)
) STRICT;

-- +goose Down
DROP TABLE price_points;
DROP TABLE variants;
DROP TRIGGER listings_fts_update;
DROP TRIGGER listings_fts_delete;
DROP TRIGGER listings_fts_insert;
DROP TABLE listings_fts;
DROP TABLE listing_prices;
DROP TABLE listings;
DROP TABLE shops;
