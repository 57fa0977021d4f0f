package fetch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func ExampleFetcher_Get() {
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /checkout\n")
		case "/products.json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("ETag", `"page-1"`)
			if r.Header.Get("If-None-Match") == `"page-1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, `{"products":[]}`)
		}
	}))
	defer shop.Close()

	cfg := fetch.DefaultConfig()
	cfg.UserAgent = "SkateStockBot/1.0"
	cfg.ContactURL = "https://skatestock.example/bot"
	cfg.AllowLocal = true // the shop is on loopback; never in production
	cfg.Burst = 5         // let the example run without 1s pauses
	f, err := fetch.New(cfg, nil, fetch.WithValidatorCache(fetch.NewMemoryValidatorCache()))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	ctx := context.Background()

	resp, err := f.Get(ctx, shop.URL+"/products.json", "application/json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, string(resp.Body))

	resp, err = f.Get(ctx, shop.URL+"/products.json", "application/json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, resp.NotModified)

	_, err = f.Get(ctx, shop.URL+"/checkout", "text/html")
	fmt.Println(fetch.KindOf(err))
	// Output:
	// 200 {"products":[]}
	// 304 true
	// robots
}
