// Command skatestock is the SkateStock binary; everything it does is wired in package app.
package main

import (
	"os"

	"github.com/skatestock/skatestock/app"
)

func main() { os.Exit(app.Main(os.Args[1:])) }
