package app

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// envConfigFile names the config file when --config is not given.
const envConfigFile = envPrefix + "CONFIG"

// loadConfig builds the effective configuration from, in rising precedence,
// the defaults, the YAML file (--config, else $SKATESTOCK_CONFIG), the
// SKATESTOCK_* environment and the flags the user set, then validates it
// once. Every error is a usageError naming the key, the value and what is
// allowed.
func loadConfig(flags *pflag.FlagSet, environ []string) (config, error) {
	c := defaultConfig()
	if path := configFilePath(flags, environ); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return config{}, usageErrorf("config: read file: %w", err)
		}
		if err := applyYAML(&c, path, data); err != nil {
			return config{}, err
		}
	}
	if err := applyEnv(&c, environ); err != nil {
		return config{}, err
	}
	if err := applyFlags(&c, flags); err != nil {
		return config{}, err
	}
	if err := c.validate(); err != nil {
		return config{}, err
	}
	return c, nil
}

func configFilePath(flags *pflag.FlagSet, environ []string) string {
	if f := flags.Lookup("config"); f != nil && f.Changed {
		return f.Value.String()
	}
	return envValue(environ, envConfigFile)
}

// envValue is os.Getenv over an environ slice; the last entry wins, as it
// does for the process environment.
func envValue(environ []string, name string) string {
	val := ""
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			val = v
		}
	}
	return val
}

// applyFlags sets the keys of the flags the user changed; flags that were
// left alone keep the lower layers' values, not the flag defaults.
func applyFlags(c *config, flags *pflag.FlagSet) error {
	var err error
	flags.Visit(func(f *pflag.Flag) {
		keyNames := f.Annotations[configKeyAnnotation]
		if err != nil || len(keyNames) == 0 {
			return
		}
		k, ok := lookupKey(keyNames[0])
		if !ok {
			err = fmt.Errorf("flag --%s is bound to unknown config key %s", f.Name, keyNames[0]) // a bug in bind's caller
			return
		}
		err = k.set(c, f.Value.String())
	})
	return err
}
