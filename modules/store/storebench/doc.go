// Package storebench measures how fast price observations reach the
// database, through the store and through the alternatives it is judged
// against: one INSERT per row (the naive path) and, for Postgres, a raw
// pgx CopyFrom into a temporary table followed by one INSERT … SELECT …
// ON CONFLICT DO NOTHING (the fastest idempotent load, the baseline).
// Everything is in bench_test.go; run it with
//
//	SKATESTOCK_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
//	  go test -run '^$' -bench . -benchtime 3x ./modules/store/storebench/
//
// Without the variable the Postgres paths are skipped.
package storebench
