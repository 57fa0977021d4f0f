package shops

import (
	"net/http"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The robots.txt files of each platform, as their stores ship them: they
// keep crawlers out of carts, checkouts and accounts and let them read the
// catalog (products.json, the Store API, product pages, sitemaps). Each
// names the sitemap with the placeholder {base}.
const (
	shopifyRobots = `# we use Shopify as our ecommerce platform

User-agent: *
Disallow: /a/downloads/-/*
Disallow: /admin
Disallow: /cart
Disallow: /orders
Disallow: /checkouts/
Disallow: /checkout
Disallow: /carts
Disallow: /account
Disallow: /collections/*sort_by*
Disallow: /*/collections/*sort_by*
Disallow: /collections/*+*
Disallow: /collections/*%2B*
Disallow: /collections/*%2b*
Disallow: /blogs/*+*
Disallow: /blogs/*%2B*
Disallow: /blogs/*%2b*
Disallow: /*design_theme_id*
Disallow: /*preview_theme_id*
Disallow: /*preview_script_id*
Disallow: /policies/
Disallow: /*?*oseid=*
Disallow: /search
Disallow: /apple-app-site-association
Disallow: /.well-known/shopify/monorail
Disallow: /cdn/wpm/*.js
Disallow: /recommendations/products
Disallow: /*/recommendations/products
Sitemap: {base}/sitemap.xml

# Google adsbot ignores robots.txt unless specifically named!
User-agent: adsbot-google
Disallow: /checkouts/
Disallow: /checkout
Disallow: /carts
Disallow: /orders
Disallow: /*?*oseid=*
Disallow: /*preview_theme_id*
Disallow: /*preview_script_id*

User-agent: Nutch
Disallow: /

User-agent: AhrefsBot
Crawl-delay: 10
Disallow: /admin
Disallow: /cart
Disallow: /checkout

User-agent: MJ12bot
Crawl-Delay: 10

User-agent: Pinterest
Crawl-delay: 1
`
	wooRobots = `User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /cart/
Disallow: /checkout/
Disallow: /my-account/
Disallow: /*?add-to-cart=*
Disallow: /*?orderby=*
Disallow: /*?filter_*

User-agent: GPTBot
Disallow: /

Sitemap: {base}/sitemap.xml
`
	genericRobots = `User-agent: *
Allow: /
Disallow: /checkout/
Disallow: /account/
Disallow: /cart/
Disallow: /search
Disallow: /*?*sort=
Disallow: /*?*sessionid=

User-agent: SemrushBot
Disallow: /

Sitemap: {base}/sitemap.xml
`
)

// robots serves the platform's robots.txt. Faults never apply to it.
func (s *shopServer) robots() *doc {
	text := genericRobots
	switch s.shop.Platform {
	case catalog.PlatformShopify:
		text = shopifyRobots
	case catalog.PlatformWooCommerce:
		text = wooRobots
	}
	body := strings.ReplaceAll(text, "{base}", s.shop.BaseURL)
	return &doc{status: http.StatusOK, contentType: "text/plain; charset=utf-8", body: []byte(body), lastModified: s.sim.cfg.Start}
}
