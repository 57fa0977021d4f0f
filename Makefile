# SkateStock. On a fresh machine with only Go: `make demo`, then `make test`.

GO      ?= go
BIN     := bin/skatestock
APP     := github.com/skatestock/skatestock/app
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
DATE    := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X $(APP).version=$(VERSION) -X $(APP).commit=$(COMMIT) -X $(APP).buildDate=$(DATE)

# The embedded database `make demo` fills, whatever SKATESTOCK_DATABASE_URL says.
DEMO_DB := sqlite://./data/skatestock.db

# Extra flags for `make seed-db`, e.g. make seed-db SEED_FLAGS="--products 500 --days 14".
SEED_FLAGS ?=

# What `make bench` runs, one go test per line: the store benchmark, the
# platform parsers (MB/s), and a full scrape of the shop simulator's 10,000
# products (products/s, observations/s).
# The store benchmark compares Postgres with SQLite and raw COPY, so it needs
# a server; the local one unless the environment names another.
BENCH_POSTGRES_URL := $(or $(SKATESTOCK_TEST_POSTGRES_URL),postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)
define BENCH_CMD
$(GO) test -run '^$$' -bench . -benchtime 3x ./modules/store/storebench/
$(GO) test -run '^$$' -bench . -benchmem ./modules/scrape/platform/
$(GO) test -run '^$$' -bench BenchmarkScrapeSimulator -benchtime 1x ./app/
$(GO) test -run '^$$' -bench BenchmarkPipeline -benchtime 1x -timeout 30m ./app/
endef

# Where `make demo` logs, and `make logs` follows.
DEMO_LOG := ./data/skatestock.log

# Extra flags for `make demo`, e.g. make demo DEMO_FLAGS="--products 500 --speed 3600".
DEMO_FLAGS ?=

.PHONY: demo verify logs test bench bench-latency build lint migrate seed-db web

## demo: the whole system in one process on the embedded defaults, data under ./data, until Ctrl-C
demo: build
	SKATESTOCK_LOG_FILE=$(DEMO_LOG) ./$(BIN) demo --data-dir ./data --database-url $(DEMO_DB) $(DEMO_FLAGS)

## verify: check the running demo (or serve at VERIFY_URL): ready, lag near zero, every shop scraped recently
VERIFY_URL ?= http://127.0.0.1:8080
verify: build
	./$(BIN) verify --url $(VERIFY_URL)

## logs: follow the running demo's logs
logs:
	@touch $(DEMO_LOG) && tail -n 100 -F $(DEMO_LOG)

## test: vet, then every test with the race detector
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...

## bench: the store, parser and scrape benchmarks
bench: export SKATESTOCK_TEST_POSTGRES_URL := $(BENCH_POSTGRES_URL)
bench:
	$(BENCH_CMD)

# Redis for `make bench-latency`; the local one unless the environment names another.
BENCH_REDIS_URL := $(or $(SKATESTOCK_TEST_REDIS_URL),redis://127.0.0.1:6379/0)

## bench-latency: API latency under wrk: JSON-file baseline vs serve (Postgres + Redis) vs in-memory echo; writes docs/benchmarks.md (needs wrk)
bench-latency: export SKATESTOCK_TEST_POSTGRES_URL := $(BENCH_POSTGRES_URL)
bench-latency: export SKATESTOCK_TEST_REDIS_URL := $(BENCH_REDIS_URL)
bench-latency:
	SKATESTOCK_BENCH_WRITE=docs/benchmarks.md $(GO) test -run '^$$' -bench BenchmarkLatency -benchtime 1x -timeout 60m ./app/

## build: bin/skatestock, stamped with git describe, commit and build date
build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) .

## lint: gofmt must have nothing to say, and go vet must pass
lint:
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt -l lists:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

## migrate: apply pending migrations to the configured database (SKATESTOCK_DATABASE_URL, config file, ...)
migrate: build
	./$(BIN) migrate up

## seed-db: seed the configured database (run make migrate first)
seed-db: build
	./$(BIN) seed $(SEED_FLAGS)

## web: refresh the dashboard's vendored Plotly (web/vendor/) from the version pinned in web/package.json (needs npm)
web:
	cd web && npm ci --no-audit --no-fund && npm run vendor
