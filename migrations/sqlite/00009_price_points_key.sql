-- Nothing changes here. The Postgres migration of this number makes
-- (variant_id, valid_from) the primary key of price_points and drops the
-- surrogate id, whose index every insert maintained; in SQLite that id is
-- the rowid the table is stored by and has no index of its own. The number
-- exists so that both dialects know the same schema versions.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
