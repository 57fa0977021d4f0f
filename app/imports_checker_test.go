package app

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestImportChecker feeds the checker a fake tree with one file per rule,
// broken and kept, so that TestImportRules passing means something.
func TestImportChecker(t *testing.T) {
	const m = "example.com/skate"
	file := func(pkg string, imports ...string) *fstest.MapFile {
		var b strings.Builder
		b.WriteString("package " + pkg + "\n\nimport (\n")
		for _, imp := range imports {
			b.WriteString("\t_ \"" + imp + "\"\n")
		}
		b.WriteString(")\n")
		return &fstest.MapFile{Data: []byte(b.String())}
	}
	tree := fstest.MapFS{
		"go.mod":                             {Data: []byte("module " + m + "\n")},
		"main.go":                            file("main", m+"/app"),
		"app/root.go":                        file("app", m+"/modules/store/sqlite", "github.com/twmb/franz-go/pkg/kgo"),
		"cmd/other/main.go":                  file("main", m+"/app"),
		"modules/catalog/shop.go":            file("catalog", "fmt", "gorm.io/gorm"),
		"modules/catalog/shop_test.go":       file("catalog_test", "testing", m+"/modules/catalog", m+"/modules/store"),
		"modules/store/store.go":             file("store", m+"/modules/catalog", m+"/migrations"),
		"modules/store/postgres/pg.go":       file("postgres", m+"/modules/store", "gorm.io/driver/postgres", m+"/modules/seed"),
		"modules/store/storetest/suite.go":   file("storetest", m+"/modules/store", "testing"),
		"modules/ingest/ingest.go":           file("ingest", m+"/modules/catalog", m+"/modules/store", "github.com/redis/rueidis", m+"/migrations"),
		"modules/ingest/ingest_test.go":      file("ingest", m+"/modules/store/storetest", m+"/modules/bus", "github.com/twmb/franz-go/pkg/kfake"),
		"modules/bus/producer.go":            file("bus", "github.com/twmb/franz-go/pkg/kgo", m+"/app"),
		"modules/cache/redis.go":             file("cache", "github.com/redis/rueidis"),
		"modules/ratelimit/limit.go":         file("ratelimit", "github.com/redis/rueidis"),
		"modules/api/handlers.go":            file("api", "github.com/labstack/echo/v4"),
		"modules/dashboard/serve.go":         file("dashboard", "github.com/labstack/echo/v4", m+"/web"),
		"modules/scrape/fetch/fetch.go":      file("fetch", "github.com/labstack/echo/v4", "golang.org/x/time/rate"),
		"modules/scrape/testdata/bad.go":     file("bad", "gorm.io/gorm"),
		"modules/shops/sim.go":               file("shops", m+"/modules/seed"),
		"modules/shops/sim_test.go":          file("shops", m+"/modules/seed"),
		"modules/schema/serde.go":            file("schema", "github.com/twmb/franz-go/pkg/sr"),
		"modules/schema/client.go":           file("schema", "github.com/twmb/franz-go/pkg/kgo"),
		"modules/redistest/redis.go":         file("redistest", "github.com/redis/rueidis"),
		"modules/cache/cachetest/suite.go":   file("cachetest", m+"/modules/cache", m+"/modules/redistest"),
		"modules/cache/cache_test.go":        file("cache_test", m+"/modules/redistest", m+"/modules/cache/cachetest"),
		"modules/cache/memory.go":            file("cache", m+"/modules/redistest"),
		"modules/analytics/evaltest/seed.go": file("evaltest", m+"/modules/seed"),
		"modules/analytics/eval/eval.go":     file("eval", m+"/modules/seed"),
	}
	got, err := checkImports(tree, m)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"cmd/other/main.go imports " + m + "/app":                                  true,
		"modules/catalog/shop.go imports gorm.io/gorm":                             true,
		"modules/catalog/shop_test.go imports " + m + "/modules/store":             true,
		"modules/store/postgres/pg.go imports " + m + "/modules/seed":              true,
		"modules/ingest/ingest.go imports " + m + "/modules/store":                 true,
		"modules/ingest/ingest.go imports github.com/redis/rueidis":                true,
		"modules/ingest/ingest.go imports " + m + "/migrations":                    true,
		"modules/ingest/ingest_test.go imports " + m + "/modules/bus":              true,
		"modules/ingest/ingest_test.go imports github.com/twmb/franz-go/pkg/kfake": true,
		"modules/bus/producer.go imports " + m + "/app":                            true,
		"modules/scrape/fetch/fetch.go imports github.com/labstack/echo/v4":        true,
		"modules/shops/sim.go imports " + m + "/modules/seed":                      true,
		"modules/schema/client.go imports github.com/twmb/franz-go/pkg/kgo":        true,
		"modules/cache/memory.go imports " + m + "/modules/redistest":              true,
		"modules/analytics/eval/eval.go imports " + m + "/modules/seed":            true,
	}
	for _, v := range got {
		key := v.file + " imports " + v.importPath
		if !want[key] {
			t.Errorf("unexpected violation: %s", v)
		}
		if v.rule == "" || !strings.HasPrefix(v.String(), key+": ") {
			t.Errorf("violation %q does not name file, import and rule", v)
		}
		delete(want, key)
	}
	for key := range want {
		t.Errorf("missed violation: %s", key)
	}
}
