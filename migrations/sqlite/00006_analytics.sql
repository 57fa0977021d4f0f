-- Discount patterns and stock-out forecasts, in the same logical shape as
-- the Postgres migration; see there for what they hold and why. As
-- everywhere in the SQLite schema, times are INTEGER unix microseconds
-- and the tables are STRICT.

-- +goose Up
CREATE TABLE discount_patterns (
    variant_id      INTEGER NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL
        CHECK (kind IN ('flash_sale', 'clearance', 'price_error', 'weekly', 'fake_sale', 'seasonal')),
    first_at        INTEGER NOT NULL,
    last_at         INTEGER NOT NULL,
    listing_id      INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    reference_minor INTEGER NOT NULL CHECK (reference_minor >= 0),
    price_minor     INTEGER NOT NULL CHECK (price_minor >= 0),
    currency        TEXT    NOT NULL,
    discount_bp     INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    weekdays        INTEGER NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127),
    evidence        TEXT    NOT NULL,
    detected_at     INTEGER NOT NULL,
    PRIMARY KEY (variant_id, kind, first_at),
    CHECK (last_at >= first_at)
) STRICT, WITHOUT ROWID;

CREATE INDEX discount_patterns_recent_idx ON discount_patterns (last_at DESC, variant_id DESC, kind DESC, first_at DESC);
CREATE INDEX discount_patterns_kind_idx ON discount_patterns (kind, last_at DESC);
CREATE INDEX discount_patterns_listing_idx ON discount_patterns (listing_id);

CREATE TABLE stockout_forecasts (
    variant_id       INTEGER PRIMARY KEY REFERENCES variants (id) ON DELETE CASCADE,
    listing_id       INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    probability      REAL    NOT NULL CHECK (probability >= 0 AND probability <= 1),
    as_of            INTEGER NOT NULL,
    horizon_hours    INTEGER NOT NULL CHECK (horizon_hours > 0),
    model_trained_at INTEGER NOT NULL,
    scored_at        INTEGER NOT NULL
) STRICT;

CREATE INDEX stockout_forecasts_probability_idx ON stockout_forecasts (probability DESC, variant_id);
CREATE INDEX stockout_forecasts_listing_idx ON stockout_forecasts (listing_id);

CREATE TABLE forecast_models (
    trained_at    INTEGER PRIMARY KEY,
    horizon_hours INTEGER NOT NULL CHECK (horizon_hours > 0),
    data_end      INTEGER NOT NULL,
    examples      INTEGER NOT NULL CHECK (examples >= 0),
    positives     INTEGER NOT NULL CHECK (positives >= 0),
    params        TEXT    NOT NULL
) STRICT;

-- +goose Down
DROP TABLE forecast_models;
DROP TABLE stockout_forecasts;
DROP TABLE discount_patterns;
