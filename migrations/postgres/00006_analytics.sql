-- Discount patterns and stock-out forecasts: read models the analytics
-- derive from the price history (modules/analytics/patterns and
-- forecast). `skatestock analytics rebuild` recomputes them from scratch
-- and the analytics consumer keeps them current as listings arrive on
-- normalized-products, so every table here can be emptied and rebuilt.

-- +goose Up
-- One row per pattern found in one variant's history. listing_id repeats
-- the variant's listing so that a listing's patterns are replaced, and the
-- brand, category and shop filters joined, without going through
-- variants.
CREATE TABLE discount_patterns (
    variant_id      bigint      NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    kind            text        NOT NULL
        CHECK (kind IN ('flash_sale', 'clearance', 'price_error', 'weekly', 'fake_sale', 'seasonal')),
    first_at        timestamptz NOT NULL,  -- the first observation the pattern covers
    last_at         timestamptz NOT NULL,  -- the last one
    listing_id      bigint      NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    reference_minor bigint      NOT NULL CHECK (reference_minor >= 0), -- the price it is measured against
    price_minor     bigint      NOT NULL CHECK (price_minor >= 0),     -- the lowest price within it
    currency        text        NOT NULL,
    discount_bp     integer     NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    weekdays        integer     NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127), -- bit d: time.Weekday d
    evidence        text        NOT NULL,
    detected_at     timestamptz NOT NULL,
    PRIMARY KEY (variant_id, kind, first_at),
    CHECK (last_at >= first_at)
);

-- The endpoint pages through the most recent patterns first, all kinds or
-- one kind; replacing a listing's patterns finds them by listing.
CREATE INDEX discount_patterns_recent_idx ON discount_patterns (last_at DESC, variant_id DESC, kind DESC, first_at DESC);
CREATE INDEX discount_patterns_kind_idx ON discount_patterns (kind, last_at DESC);
CREATE INDEX discount_patterns_listing_idx ON discount_patterns (listing_id);

-- The probability that a variant in stock at as_of is seen out of stock
-- within horizon_hours, one row per variant in stock when it was scored.
CREATE TABLE stockout_forecasts (
    variant_id       bigint           PRIMARY KEY REFERENCES variants (id) ON DELETE CASCADE,
    listing_id       bigint           NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    probability      double precision NOT NULL CHECK (probability >= 0 AND probability <= 1),
    as_of            timestamptz      NOT NULL,
    horizon_hours    integer          NOT NULL CHECK (horizon_hours > 0),
    model_trained_at timestamptz      NOT NULL, -- the forecast_models row that scored it
    scored_at        timestamptz      NOT NULL
);

-- The endpoint pages through the likeliest stock-outs first.
CREATE INDEX stockout_forecasts_probability_idx ON stockout_forecasts (probability DESC, variant_id);
CREATE INDEX stockout_forecasts_listing_idx ON stockout_forecasts (listing_id);

-- The model that scores forecasts: the latest one trained, kept so that
-- the consumer scores without training. params is the analytics module's
-- JSON (feature scaling, weights, intercept); the store does not read it.
CREATE TABLE forecast_models (
    trained_at     timestamptz PRIMARY KEY,
    horizon_hours  integer     NOT NULL CHECK (horizon_hours > 0),
    data_end       timestamptz NOT NULL,  -- the latest observation it was trained on
    examples       integer     NOT NULL CHECK (examples >= 0),
    positives      integer     NOT NULL CHECK (positives >= 0),
    params         text        NOT NULL
);

-- +goose Down
DROP TABLE forecast_models;
DROP TABLE stockout_forecasts;
DROP TABLE discount_patterns;
