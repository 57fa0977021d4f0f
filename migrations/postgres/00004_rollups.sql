-- Daily trend rollups: per UTC day, the variants observed that day (each in
-- its state at the end of the day) summed up over every variant, per brand,
-- per category, per shop and per brand and category, one currency per row.
-- The trend chart and the discount heatmap read these instead of the price
-- history. RefreshRollups rewrites whole days from price_points; nothing
-- references this table, so it can be dropped and rebuilt at any time.
--
-- Rows hold totals, not means, so that rows of disjoint groups add up
-- exactly: Baker's trend over two categories, a brand's heatmap cell over
-- a week and several currencies.

-- +goose Up
CREATE TABLE trend_rollups (
    day                  timestamptz NOT NULL, -- the UTC midnight that starts the day
    group_kind           text        NOT NULL
        CHECK (group_kind IN ('all', 'brand', 'category', 'shop', 'brand_category')),
    -- The dimensions the kind groups by; '' for the others. Unknown brands
    -- ('') count only in 'all', 'category' and 'shop'.
    brand                text        NOT NULL DEFAULT '',
    category             text        NOT NULL DEFAULT '',
    shop                 text        NOT NULL DEFAULT '',  -- shop slug
    currency             text        NOT NULL,
    variants             bigint      NOT NULL CHECK (variants > 0),
    price_sum_minor      bigint      NOT NULL,
    price_min_minor      bigint      NOT NULL,
    price_max_minor      bigint      NOT NULL,
    compare_at_variants  bigint      NOT NULL,             -- variants publishing a compare-at price
    compare_at_sum_minor bigint      NOT NULL,
    discount_sum_bp      bigint      NOT NULL,             -- real discounts, 0 for variants not on sale
    on_sale              bigint      NOT NULL,
    in_stock             bigint      NOT NULL,
    -- Refreshes delete and reads select ranges of days, so day leads.
    PRIMARY KEY (day, group_kind, brand, category, shop, currency)
);

-- +goose Down
DROP TABLE trend_rollups;
