-- Nothing changes here: the Postgres migration of this number lets writers
-- of price points check variants without locking them, and SQLite has one
-- writer at a time and real foreign keys. The number exists so that both
-- dialects know the same schema versions.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
