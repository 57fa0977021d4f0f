-- The variants' current state moves out of the wide variants rows into a
-- narrow table of its own, as listing_prices did for the listings'
-- aggregates. RecordObservations rewrites the current state of every
-- variant a batch observes (every one of them on a full re-scrape, if only
-- to move last_seen_at); rewriting the wide rows of variants cost 1.5 to 2
-- times as much as rewriting these narrow ones (measured: 100,000 rows,
-- 450-750 ms against 310-370 ms). A variant never observed has no row here
-- (read it as no price, not purchasable).
--
-- Like price_points, the table references variants (id) ON DELETE CASCADE
-- through triggers rather than a FOREIGN KEY clause, whose per-row check
-- (a query per inserted row) is what those triggers were written to avoid:
-- a batch observing 100,000 variants for the first time inserts 100,000
-- rows here. A row is only ever inserted in the transaction that inserts the
-- variant's first price point, after it: the insert trigger of price_points
-- has checked the variant exists and holds it FOR KEY SHARE until commit.
-- The delete trigger of variants now deletes both.
--
-- Its columns are not indexed and half of every page is left free
-- (fillfactor 50), so that each rewrite is a HOT update.

-- +goose Up
CREATE TABLE variant_prices (
    variant_id       bigint      PRIMARY KEY,
    price_minor      bigint      NOT NULL,
    compare_at_minor bigint,
    currency         text        NOT NULL,
    availability     text        NOT NULL,
    discount_bp      integer     NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    price_since      timestamptz NOT NULL,  -- valid_from of the variant's latest price point
    last_seen_at     timestamptz NOT NULL   -- last_seen_at of the same point
) WITH (fillfactor = 50);

INSERT INTO variant_prices (variant_id, price_minor, compare_at_minor, currency, availability, discount_bp,
        price_since, last_seen_at)
SELECT id, price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at
FROM variants WHERE price_minor IS NOT NULL;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION variants_delete_price_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM price_points WHERE variant_id IN (SELECT id FROM deleted_variants);
    DELETE FROM variant_prices WHERE variant_id IN (SELECT id FROM deleted_variants);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

ALTER TABLE variants
    DROP COLUMN price_minor,
    DROP COLUMN compare_at_minor,
    DROP COLUMN currency,
    DROP COLUMN availability,
    DROP COLUMN discount_bp,
    DROP COLUMN price_since,
    DROP COLUMN last_seen_at;

-- +goose Down
ALTER TABLE variants
    ADD COLUMN price_minor      bigint,
    ADD COLUMN compare_at_minor bigint,
    ADD COLUMN currency         text,
    ADD COLUMN availability     text,
    ADD COLUMN discount_bp      integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    ADD COLUMN price_since      timestamptz,
    ADD COLUMN last_seen_at     timestamptz;

UPDATE variants v SET price_minor = p.price_minor, compare_at_minor = p.compare_at_minor, currency = p.currency,
    availability = p.availability, discount_bp = p.discount_bp, price_since = p.price_since, last_seen_at = p.last_seen_at
FROM variant_prices p WHERE p.variant_id = v.id;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION variants_delete_price_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM price_points WHERE variant_id IN (SELECT id FROM deleted_variants);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP TABLE variant_prices;
