package app

import (
	"strings"
)

// applyEnv sets every key whose SKATESTOCK_* variable is present, even when
// empty (an empty SKATESTOCK_REDIS_URL switches back to in-memory). A
// SKATESTOCK_ variable that names no key is an error, so a typo cannot be
// silently ignored; SKATESTOCK_CONFIG and the test suites' SKATESTOCK_TEST_*
// are the exceptions.
func applyEnv(c *config, environ []string) error {
	byEnv := make(map[string]configKey)
	for _, k := range configKeys() {
		byEnv[k.env] = k
	}
	for _, kv := range environ {
		name, val, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, envPrefix) || name == envConfigFile || strings.HasPrefix(name, envPrefix+"TEST_") {
			continue
		}
		k, ok := byEnv[name]
		if !ok {
			return usageErrorf("config: environment variable %s names no setting; settings are %s plus the config key in upper case with _ for . (such as %s), see configs/skatestock.yaml", name, envPrefix, envPrefix+"DATABASE_URL")
		}
		if err := k.set(c, val); err != nil {
			return err
		}
	}
	return nil
}
