package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/redis/rueidis"
)

// The environment variables through which tests find a Redis server.
const (
	// EnvRedisURL is a redis:// URL such as redis://127.0.0.1:6379/0.
	EnvRedisURL = "SKATESTOCK_TEST_REDIS_URL"
	// EnvRequireServices set to 1 turns a missing server from a skip into
	// a failure, so that CI cannot pass by testing nothing.
	EnvRequireServices = "SKATESTOCK_TEST_REQUIRE_SERVICES"
)

// RedisOptions returns client options for the server of EnvRedisURL, or
// skips t (fails it when EnvRequireServices is 1) without it. Client-side
// caching is left on, as in production; a caller that reads nothing through
// it sets DisableCache on the result.
func RedisOptions(t testing.TB) rueidis.ClientOption {
	t.Helper()
	url := os.Getenv(EnvRedisURL)
	if url == "" {
		if os.Getenv(EnvRequireServices) == "1" {
			t.Fatalf("%s is not set and %s=1: Redis tests cannot run", EnvRedisURL, EnvRequireServices)
		}
		t.Skipf("%s is not set: skipping Redis tests (set it to e.g. redis://127.0.0.1:6379/0)", EnvRedisURL)
	}
	opt, err := rueidis.ParseURL(url)
	if err != nil {
		t.Fatalf("%s: %v", EnvRedisURL, err)
	}
	return opt
}

// NewRedisClient connects with opt and closes the client when t ends.
func NewRedisClient(t testing.TB, opt rueidis.ClientOption) rueidis.Client {
	t.Helper()
	client, err := rueidis.NewClient(opt)
	if err != nil {
		t.Fatalf("connect to redis at %v: %v", opt.InitAddress, err)
	}
	t.Cleanup(client.Close)
	return client
}

// KeyPrefix returns a key prefix, ending in ":", that no other test or run
// uses, and deletes every key under it when t ends, so tests can share one
// server and database.
func KeyPrefix(t testing.TB, client rueidis.Client) string {
	t.Helper()
	suffix := make([]byte, 8)
	_, _ = rand.Read(suffix)
	prefix := "skatestock-test:" + hex.EncodeToString(suffix) + ":"
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := deleteByPrefix(ctx, client, prefix); err != nil {
			t.Errorf("delete test keys under %s: %v", prefix, err)
		}
	})
	return prefix
}

// KeysByPrefix lists the keys under prefix with SCAN, which unlike KEYS
// does not block a server other tests share.
func KeysByPrefix(ctx context.Context, client rueidis.Client, prefix string) ([]string, error) {
	var keys []string
	var cursor uint64
	for {
		entry, err := client.Do(ctx, client.B().Scan().Cursor(cursor).Match(prefix+"*").Count(1000).Build()).AsScanEntry()
		if err != nil {
			return nil, fmt.Errorf("scan %s*: %w", prefix, err)
		}
		keys = append(keys, entry.Elements...)
		if cursor = entry.Cursor; cursor == 0 {
			return keys, nil
		}
	}
}

func deleteByPrefix(ctx context.Context, client rueidis.Client, prefix string) error {
	keys, err := KeysByPrefix(ctx, client, prefix)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if err := client.Do(ctx, client.B().Del().Key(key).Build()).Error(); err != nil {
			return fmt.Errorf("del %s: %w", key, err)
		}
	}
	return nil
}

// Eventually polls cond until it holds, at most 500 times 10 ms apart, and
// fails t with what when it never does. The bound is on attempts, not on a
// measured duration: a slow machine only makes it wait longer.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: never happened after 500 polls", what)
}
