package schema

import (
	"context"
	"fmt"
)

// Compatibility level operations; subject "" is the global level.

// level returns subject's configured level. For a subject without its own,
// it returns the global level when fallback is set (defaultToGlobal=true)
// and 40408 otherwise, as Confluent does.
func (reg *Registry) level(subject string, fallback bool) (string, error) {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	if l, ok := reg.configs[subject]; ok {
		return l.String(), nil
	}
	if subject != "" && !fallback {
		return "", errSubjectLevelNotConfigured(subject)
	}
	return reg.levelOf("").String(), nil
}

// setLevel sets subject's level (a Confluent level name in any case) and
// returns it in canonical case.
func (reg *Registry) setLevel(ctx context.Context, subject, level string) (string, error) {
	l, ok := parseLevel(level)
	if !ok {
		return "", errInvalidLevel()
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if err := reg.store.SaveRegistryConfig(ctx, subject, l.String()); err != nil {
		return "", fmt.Errorf("save config of subject %q: %w", subject, err)
	}
	reg.configs[subject] = l
	reg.log.Info("compatibility level set", "subject", subject, "level", l.String())
	return l.String(), nil
}

// deleteLevel removes subject's own level, so the global one applies again,
// and returns the level removed.
func (reg *Registry) deleteLevel(ctx context.Context, subject string) (string, error) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	l, ok := reg.configs[subject]
	if !ok {
		return "", errSubjectLevelNotConfigured(subject)
	}
	if err := reg.store.SaveRegistryConfig(ctx, subject, ""); err != nil {
		return "", fmt.Errorf("delete config of subject %q: %w", subject, err)
	}
	delete(reg.configs, subject)
	reg.log.Info("compatibility level deleted", "subject", subject)
	return l.String(), nil
}
