// Package web holds the dashboard's static assets: plain HTML, CSS and
// JavaScript modules, with no build step, and the vendored Plotly bundle
// (pinned in package.json, refreshed by `make web`, committed so that a
// fresh clone builds with `go build` alone). They are embedded into the
// binary; only modules/dashboard imports this package.
package web

import (
	"embed"
	"io/fs"
)

// Everything the browser loads is listed here, so package.json, the lock
// file and node_modules never reach the binary.
//
//go:embed index.html static vendor/*.js vendor/*.css vendor/*.LICENSE
var files embed.FS

// Assets returns the dashboard's files, rooted at this directory:
// index.html, static/... and vendor/....
func Assets() fs.FS { return files }
