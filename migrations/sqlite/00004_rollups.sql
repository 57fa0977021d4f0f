-- Daily trend rollups, in the same logical shape as the Postgres migration;
-- see there for what they hold and why. As everywhere in the SQLite schema,
-- day is INTEGER unix microseconds (of the UTC midnight that starts the
-- day) and the table is STRICT. It is WITHOUT ROWID, so that rows are
-- stored in key order and a range of days is one contiguous read.

-- +goose Up
CREATE TABLE trend_rollups (
    day                  INTEGER NOT NULL,
    group_kind           TEXT    NOT NULL
        CHECK (group_kind IN ('all', 'brand', 'category', 'shop', 'brand_category')),
    brand                TEXT    NOT NULL DEFAULT '',
    category             TEXT    NOT NULL DEFAULT '',
    shop                 TEXT    NOT NULL DEFAULT '',
    currency             TEXT    NOT NULL,
    variants             INTEGER NOT NULL CHECK (variants > 0),
    price_sum_minor      INTEGER NOT NULL,
    price_min_minor      INTEGER NOT NULL,
    price_max_minor      INTEGER NOT NULL,
    compare_at_variants  INTEGER NOT NULL,
    compare_at_sum_minor INTEGER NOT NULL,
    discount_sum_bp      INTEGER NOT NULL,
    on_sale              INTEGER NOT NULL,
    in_stock             INTEGER NOT NULL,
    PRIMARY KEY (day, group_kind, brand, category, shop, currency)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE trend_rollups;
