package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/skatestock/skatestock/modules/store/storetest"
)

// Statements are planned for their own arrays unless the URL says
// otherwise: see connConfig.
func TestConnConfigPlanCacheMode(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"postgres://app@db.example:5432/skatestock", "force_custom_plan"},
		{"postgres://app@db.example:5432/skatestock?plan_cache_mode=auto", "auto"},
		{"host=db.example user=app plan_cache_mode=force_generic_plan", "force_generic_plan"},
	} {
		cfg, err := connConfig(tc.url, time.Second)
		if err != nil {
			t.Fatalf("connConfig(%q): %v", tc.url, err)
		}
		if got := cfg.RuntimeParams["plan_cache_mode"]; got != tc.want {
			t.Errorf("connConfig(%q): plan_cache_mode %q, want %q", tc.url, got, tc.want)
		}
	}

	storetest.RequirePostgres(t)
	cfg, err := connConfig(storetest.PostgresDatabase(t), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var mode string
	if err := conn.QueryRow(ctx, "SHOW plan_cache_mode").Scan(&mode); err != nil || mode != "force_custom_plan" {
		t.Errorf("the server runs the connection with plan_cache_mode %q (%v), want force_custom_plan", mode, err)
	}
}
