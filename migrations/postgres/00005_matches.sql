-- Cross-shop matches: pairs of listings of different shops that the matcher
-- (modules/analytics/match) judged to be the same product (accepted) or
-- possibly the same (review), with the evidence and score it gave. The
-- product page lists the accepted matches' listings as offers; the admin
-- review queue reads the rest. The table is a read model derived from the
-- listings: `skatestock analytics match` rebuilds it whole and the analytics
-- consumer keeps it current, so it can be emptied and rebuilt at any time.

-- +goose Up
CREATE TABLE listing_matches (
    -- The pair in the matcher's order: a's (shop slug, external id) sorts
    -- before b's, so each pair has one row.
    listing_a_id bigint           NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    listing_b_id bigint           NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    status       text             NOT NULL CHECK (status IN ('accepted', 'review')),
    evidence     text             NOT NULL CHECK (evidence IN ('gtin', 'model', 'title')),
    score        double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    title_score  double precision NOT NULL CHECK (title_score >= 0 AND title_score <= 1),
    shared_gtins integer          NOT NULL DEFAULT 0,
    -- JSON array of {"size","a","b","gtin"}: the variants paired size by
    -- size, by external id; never across sizes.
    variants     text             NOT NULL DEFAULT '[]',
    updated_at   timestamptz      NOT NULL,
    PRIMARY KEY (listing_a_id, listing_b_id),
    CHECK (listing_a_id <> listing_b_id)
);

-- The product page looks a listing up from either side.
CREATE INDEX listing_matches_b_idx ON listing_matches (listing_b_id);
-- The review queue pages through the pairs under review, best first.
CREATE INDEX listing_matches_review_idx ON listing_matches (score DESC, listing_a_id, listing_b_id)
    WHERE status = 'review';

-- +goose Down
DROP TABLE listing_matches;
