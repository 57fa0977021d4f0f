-- The record of every scrape run of a shop, and the index the title sort
-- needs, in the same logical shape as the Postgres migration; see there
-- for why. Differences:
--   * times are INTEGER unix microseconds and the table is STRICT, as in
--     00001;
--   * the listing_prices indexes stay as 00001 made them: every SQLite
--     index ends with the rowid, which listing_prices.listing_id is, so
--     they already order ties by listing id;
--   * the title index is on search_text alone for the same reason, and
--     SQLite compares text bytewise already.

-- +goose Up
CREATE TABLE scrape_runs (
    id           TEXT    PRIMARY KEY,
    shop_id      INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('ok', 'incomplete', 'failed')),
    pages        INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    listings     INTEGER NOT NULL DEFAULT 0 CHECK (listings >= 0),
    observations INTEGER NOT NULL DEFAULT 0 CHECK (observations >= 0),
    errors       INTEGER NOT NULL DEFAULT 0 CHECK (errors >= 0),
    message      TEXT    NOT NULL DEFAULT '',
    CHECK (finished_at >= started_at)
) STRICT;

CREATE INDEX scrape_runs_shop_started_idx ON scrape_runs (shop_id, started_at, id);
CREATE INDEX scrape_runs_started_idx ON scrape_runs (started_at);

CREATE INDEX listings_title_sort_idx ON listings (search_text);

-- +goose Down
DROP INDEX listings_title_sort_idx;
DROP TABLE scrape_runs;
