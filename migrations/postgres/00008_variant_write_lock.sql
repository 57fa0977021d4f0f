-- Price points (and the current states written with them) keep referring
-- to existing variants without a row lock per variant. Until now the
-- insert trigger of price_points (00001) locked every variant a statement
-- referenced FOR KEY SHARE, so that none could be deleted before the
-- writer committed: a tuple lock, written to the variant's page and to
-- the WAL, for each variant of the batch, about 60 ms of a 100,000-point
-- COPY that takes ~400 (measured on the benchmark's batches).
--
-- Writers at READ COMMITTED (the default, and the store's) now take one
-- advisory lock shared and check that the variants exist without locking
-- them. The variants delete trigger takes the same lock exclusively before
-- it deletes the deleted variants' points and states. So a delete waits
-- for every writer that may have found its variants still there, and its
-- own DELETEs, each with a fresh snapshot at READ COMMITTED, see and remove
-- what those writers committed; a writer that comes after the delete
-- waits for it to commit and then finds the variants gone (SQLSTATE
-- 23503, as before). Writers are never kept from each other: the lock is
-- shared between them, and deletes of variants are rare. A writer at
-- REPEATABLE READ or SERIALIZABLE checks against the snapshot of its
-- first statement, which the lock cannot refresh, so it still locks the
-- rows: a concurrent delete then fails one of the two.
--
-- The lock is (0x534b5356 "SKSV", 0); the per-shop locks of the store's
-- writers use another first key.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION price_points_check_variants() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids     bigint[];
    found   bigint;
    missing bigint;
BEGIN
    SELECT array_agg(DISTINCT variant_id) INTO ids FROM changed_points;
    IF current_setting('transaction_isolation') = 'read committed' THEN
        PERFORM pg_advisory_xact_lock_shared(1397445462, 0);
        SELECT count(*) INTO found FROM variants WHERE id = ANY (ids);
    ELSE
        SELECT count(*) INTO found FROM (
            SELECT id FROM variants WHERE id = ANY (ids) ORDER BY id FOR KEY SHARE
        ) l;
    END IF;
    IF found < cardinality(ids) THEN
        SELECT c.variant_id INTO missing FROM changed_points c
        WHERE NOT EXISTS (SELECT 1 FROM variants v WHERE v.id = c.variant_id)
        LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "price_points" violates foreign key on variant_id'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (variant_id)=(%s) is not present in table "variants".', missing);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION variants_delete_price_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1397445462, 0);
    DELETE FROM price_points WHERE variant_id IN (SELECT id FROM deleted_variants);
    DELETE FROM variant_prices WHERE variant_id IN (SELECT id FROM deleted_variants);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION price_points_check_variants() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids     bigint[];
    locked  bigint;
    missing bigint;
BEGIN
    SELECT array_agg(DISTINCT variant_id) INTO ids FROM changed_points;
    SELECT count(*) INTO locked FROM (
        SELECT id FROM variants WHERE id = ANY (ids) ORDER BY id FOR KEY SHARE
    ) l;
    IF locked < cardinality(ids) THEN
        SELECT c.variant_id INTO missing FROM changed_points c
        WHERE NOT EXISTS (SELECT 1 FROM variants v WHERE v.id = c.variant_id)
        LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "price_points" violates foreign key on variant_id'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (variant_id)=(%s) is not present in table "variants".', missing);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION variants_delete_price_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM price_points WHERE variant_id IN (SELECT id FROM deleted_variants);
    DELETE FROM variant_prices WHERE variant_id IN (SELECT id FROM deleted_variants);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
