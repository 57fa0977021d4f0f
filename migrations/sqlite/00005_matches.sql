-- Cross-shop matches, in the same logical shape as the Postgres migration;
-- see there for what they hold and why. As everywhere in the SQLite schema,
-- updated_at is INTEGER unix microseconds and the table is STRICT.

-- +goose Up
CREATE TABLE listing_matches (
    listing_a_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    listing_b_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL CHECK (status IN ('accepted', 'review')),
    evidence     TEXT    NOT NULL CHECK (evidence IN ('gtin', 'model', 'title')),
    score        REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
    title_score  REAL    NOT NULL CHECK (title_score >= 0 AND title_score <= 1),
    shared_gtins INTEGER NOT NULL DEFAULT 0,
    variants     TEXT    NOT NULL DEFAULT '[]',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (listing_a_id, listing_b_id),
    CHECK (listing_a_id <> listing_b_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX listing_matches_b_idx ON listing_matches (listing_b_id);
CREATE INDEX listing_matches_review_idx ON listing_matches (score DESC, listing_a_id, listing_b_id)
    WHERE status = 'review';

-- +goose Down
DROP TABLE listing_matches;
