package app

import (
	"net/url"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/store/storetest"
)

// e2ePostgres runs migrate and a small seed against a fresh database on the
// server SKATESTOCK_TEST_POSTGRES_URL names; storetest drops it afterwards,
// and skips (or, with SKATESTOCK_TEST_REQUIRE_SERVICES=1, fails) without one.
func e2ePostgres(t *testing.T, bin string) {
	dbURL := storetest.PostgresDatabase(t)
	env := e2eEnv("SKATESTOCK_DATABASE_URL=" + dbURL)

	r := runBin(t, bin, env, "migrate", "up")
	mustSucceed(t, r, "migrate up")
	if !strings.Contains(r.stdout, "applied 1 ") {
		t.Errorf("migrate up should print the versions it applied:\n%s", r.stdout)
	}
	r = runBin(t, bin, env, "migrate", "up")
	mustSucceed(t, r, "migrate up again")
	if !strings.Contains(r.stdout, "database is up to date") {
		t.Errorf("second migrate up should be a no-op:\n%s", r.stdout)
	}
	r = runBin(t, bin, env, "seed", "--products", "200", "--days", "3")
	mustSucceed(t, r, "seed")
	held := summaryNumbers(t, r.stdout, `store holds\s+(\d+) shops, (\d+) listings, (\d+) variants, (\d+) price points`)
	if held[0] < 5 || held[1] != 200 || held[3] <= 0 {
		t.Errorf("store holds %v, want ≥5 shops, 200 listings, price points > 0", held)
	}
	if u, _ := url.Parse(dbURL); u.User != nil {
		if pw, ok := u.User.Password(); ok && strings.Contains(r.stdout+r.stderr, pw) {
			t.Errorf("seed output contains the database password")
		}
	}
}
