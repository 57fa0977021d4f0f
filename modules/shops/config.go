package shops

import (
	"errors"
	"fmt"
	"math"
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Config says where the simulated shops listen, how fast their time runs
// and how they misbehave. Zero fields take the defaults named on each.
type Config struct {
	// Host is the address every shop listens on; default 127.0.0.1.
	Host string
	// AllowNonLoopback lets Host and Addrs name addresses other than
	// loopback. Off by default: the shops serve made-up prices, and the
	// demo has no business exposing them to the network.
	AllowNonLoopback bool
	// BasePort puts shop i (in Catalog.Shops order) on port BasePort+i; 0
	// lets the kernel pick a free port per shop.
	BasePort int
	// Addrs overrides the listen address of single shops, by slug
	// ("127.0.0.1:18080"); port 0 picks a free one.
	Addrs map[string]string
	// Speed is simulated seconds per real second; default 1. The demo uses
	// 3600 so that an hour of prices passes every second.
	Speed float64
	// Start is the simulated instant when the shops begin listening;
	// default the wall clock when New is called. It also anchors the
	// schedule of listings appearing and disappearing.
	Start time.Time
	// Faults sets how shops misbehave, by shop slug; the entry "*" applies
	// to every shop without an entry of its own.
	Faults map[string]Faults
	// WallClock is the real clock simulated time is derived from; default
	// time.Now. Tests pass a fake one and move it by hand.
	WallClock func() time.Time
	// ShutdownTimeout bounds the graceful shutdown of Run; default 5s.
	ShutdownTimeout time.Duration
}

// Config defaults and limits.
const (
	DefaultHost            = "127.0.0.1"
	DefaultSpeed           = 1.0
	DefaultShutdownTimeout = 5 * time.Second
	MaxSpeed               = 1e6 // a simulated year every 32 real seconds
)

// DefaultConfig returns the defaults: 127.0.0.1, free ports, real-time
// speed, no faults. Start is left zero (the wall clock at New).
func DefaultConfig() Config {
	return Config{Host: DefaultHost, Speed: DefaultSpeed, ShutdownTimeout: DefaultShutdownTimeout}
}

// withDefaults fills zero fields; Start stays zero for New to decide.
func (c Config) withDefaults() Config {
	setDefault(&c.Host, DefaultHost)
	setDefault(&c.Speed, DefaultSpeed)
	setDefault(&c.ShutdownTimeout, DefaultShutdownTimeout)
	if c.WallClock == nil {
		c.WallClock = time.Now
	}
	faults := make(map[string]Faults, len(c.Faults))
	for slug, f := range c.Faults {
		faults[slug] = f.withDefaults()
	}
	c.Faults = faults
	return c
}

// Validate reports every field out of range, each error wrapping
// catalog.ErrInvalid and naming the field, its value and what is allowed.
// Whether Addrs and Faults name shops that exist is checked by New, which
// has the catalog.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	if err := c.checkHost("host", c.Host); err != nil {
		errs = append(errs, err)
	}
	if c.BasePort < 0 || c.BasePort > 65535 {
		errs = append(errs, invalidf("base_port", strconv.Itoa(c.BasePort), "0 (free ports) to 65535"))
	}
	for _, slug := range sortedKeys(c.Addrs) {
		addr := c.Addrs[slug]
		host, port, err := net.SplitHostPort(addr)
		p, perr := strconv.Atoi(port)
		switch {
		case err != nil || perr != nil || p < 0 || p > 65535:
			errs = append(errs, invalidf("addrs."+slug, fmt.Sprintf("%q", addr), "host:port with a port of 0-65535"))
		default:
			if err := c.checkHost("addrs."+slug, host); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if math.IsNaN(c.Speed) || c.Speed <= 0 || c.Speed > MaxSpeed {
		errs = append(errs, invalidf("speed", fmt.Sprint(c.Speed), fmt.Sprintf("simulated seconds per second in (0, %g]", float64(MaxSpeed))))
	}
	if c.ShutdownTimeout < 0 || c.ShutdownTimeout > 5*time.Minute {
		errs = append(errs, invalidf("shutdown_timeout", c.ShutdownTimeout.String(), "0 (default 5s) to 5m"))
	}
	for _, slug := range sortedKeys(c.Faults) {
		if slug != "*" && !catalog.ValidSlug(slug) {
			errs = append(errs, invalidf("faults", fmt.Sprintf("%q", slug), `a shop slug or "*"`))
			continue
		}
		if err := c.Faults[slug].validate("faults." + slug); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkHost refuses hosts other than loopback unless AllowNonLoopback is
// set. An empty host means every interface.
func (c Config) checkHost(field, host string) error {
	if c.AllowNonLoopback || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return invalidf(field, fmt.Sprintf("%q", host), "a loopback address such as 127.0.0.1 or ::1 (set AllowNonLoopback to listen elsewhere)")
}

// faultsFor returns the faults of shop slug, falling back to "*".
func (c Config) faultsFor(slug string) Faults {
	if f, ok := c.Faults[slug]; ok {
		return f
	}
	if f, ok := c.Faults["*"]; ok {
		return f
	}
	return Faults{}.withDefaults()
}

// addrFor is the listen address of shop i with the given slug.
func (c Config) addrFor(i int, slug string) string {
	if a, ok := c.Addrs[slug]; ok {
		return a
	}
	port := 0
	if c.BasePort != 0 {
		port = c.BasePort + i
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(port))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
