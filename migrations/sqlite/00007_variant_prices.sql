-- The variants' current state moves out of the wide variants rows into a
-- narrow table of its own, as listing_prices did for the listings'
-- aggregates: RecordObservations rewrites the current state of every
-- variant a batch observes, and narrow rows are cheaper to rewrite (see the
-- Postgres migration). A variant never observed has no row here (read it
-- as no price, not purchasable).

-- +goose Up
CREATE TABLE variant_prices (
    variant_id       INTEGER PRIMARY KEY REFERENCES variants (id) ON DELETE CASCADE,
    price_minor      INTEGER NOT NULL,
    compare_at_minor INTEGER,
    currency         TEXT    NOT NULL,
    availability     TEXT    NOT NULL,
    discount_bp      INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    price_since      INTEGER NOT NULL, -- valid_from of the variant's latest price point
    last_seen_at     INTEGER NOT NULL  -- last_seen_at of the same point
) STRICT;

INSERT INTO variant_prices (variant_id, price_minor, compare_at_minor, currency, availability, discount_bp,
        price_since, last_seen_at)
SELECT id, price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at
FROM variants WHERE price_minor IS NOT NULL;

ALTER TABLE variants DROP COLUMN price_minor;
ALTER TABLE variants DROP COLUMN compare_at_minor;
ALTER TABLE variants DROP COLUMN currency;
ALTER TABLE variants DROP COLUMN availability;
ALTER TABLE variants DROP COLUMN discount_bp;
ALTER TABLE variants DROP COLUMN price_since;
ALTER TABLE variants DROP COLUMN last_seen_at;

-- +goose Down
ALTER TABLE variants ADD COLUMN price_minor INTEGER;
ALTER TABLE variants ADD COLUMN compare_at_minor INTEGER;
ALTER TABLE variants ADD COLUMN currency TEXT;
ALTER TABLE variants ADD COLUMN availability TEXT;
ALTER TABLE variants ADD COLUMN discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000);
ALTER TABLE variants ADD COLUMN price_since INTEGER;
ALTER TABLE variants ADD COLUMN last_seen_at INTEGER;

UPDATE variants SET (price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at) =
    (SELECT price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at
     FROM variant_prices p WHERE p.variant_id = variants.id)
WHERE id IN (SELECT variant_id FROM variant_prices);

DROP TABLE variant_prices;
