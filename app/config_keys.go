package app

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// configKey is one leaf setting of config, found by reflection over the yaml
// tags so that the file, the environment and the printed config cannot miss
// a field.
type configKey struct {
	name   string // dotted YAML path: "database.max_open_conns"
	env    string // SKATESTOCK_DATABASE_MAX_OPEN_CONNS
	index  []int  // field index path into config
	secret string // "", "url" or "value"; see config
}

const envPrefix = "SKATESTOCK_"

// configKeys lists every leaf key of config in declaration order.
func configKeys() []configKey {
	var keys []configKey
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name := prefix + strings.Split(f.Tag.Get("yaml"), ",")[0]
			idx := append(append([]int(nil), index...), i)
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Duration]() {
				walk(f.Type, name+".", idx)
				continue
			}
			keys = append(keys, configKey{
				name:   name,
				env:    envPrefix + strings.ToUpper(strings.ReplaceAll(name, ".", "_")),
				index:  idx,
				secret: f.Tag.Get("secret"),
			})
		}
	}
	walk(reflect.TypeFor[config](), "", nil)
	return keys
}

// lookupKey returns the key named name.
func lookupKey(name string) (configKey, bool) {
	for _, k := range configKeys() {
		if k.name == name {
			return k, true
		}
	}
	return configKey{}, false
}

func (k configKey) field(c *config) reflect.Value {
	return reflect.ValueOf(c).Elem().FieldByIndex(k.index)
}

// set parses raw (from the environment or a flag) into the key's field. Lists
// are comma-separated. The error is a usage error naming key and value.
func (k configKey) set(c *config, raw string) error {
	v := k.field(c)
	switch {
	case v.Type() == reflect.TypeFor[time.Duration]():
		d, err := time.ParseDuration(strings.TrimSpace(raw))
		if err != nil {
			return k.invalid(raw, "must be a duration such as 500ms, 5s or 1m")
		}
		v.SetInt(int64(d))
	case v.Kind() == reflect.String:
		v.SetString(raw)
	case v.Kind() == reflect.Int || v.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, v.Type().Bits())
		if err != nil {
			return k.invalid(raw, "must be a whole number")
		}
		v.SetInt(n)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return k.invalid(raw, "must be true or false")
		}
		v.SetBool(b)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		var items []string
		for item := range strings.SplitSeq(raw, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		v.Set(reflect.ValueOf(items))
	default:
		// Only reachable by adding a field of a new kind to config; the
		// config tests exercise every key, so they catch it.
		return fmt.Errorf("config key %s: unsupported type %s", k.name, v.Type())
	}
	return nil
}

// display formats the key's value in c for people and logs, secrets masked.
func (k configKey) display(c *config) string {
	v := k.field(c)
	var s string
	switch {
	case v.Type() == reflect.TypeFor[time.Duration]():
		s = shortDuration(time.Duration(v.Int()))
	case v.Kind() == reflect.Slice:
		s = strings.Join(v.Interface().([]string), ",")
	default:
		s = fmt.Sprint(v.Interface())
	}
	return k.mask(s)
}

// mask hides the secret part of s according to the key's secret tag.
func (k configKey) mask(s string) string {
	switch {
	case s == "":
		return s
	case k.secret == "url":
		return maskURL(s)
	case k.secret != "":
		return maskedSecret
	}
	return s
}

// invalid is the one-line usage error for a bad value of k.
func (k configKey) invalid(raw, allowed string) error {
	return usageErrorf("config: %s = %s: %s", k.name, k.quote(raw), allowed)
}

// quote shows a value in an error: masked, bare when it is a well-formed
// number or duration, quoted otherwise so that empty and odd values show.
func (k configKey) quote(raw string) string {
	v := k.field(&config{})
	switch {
	case v.Type() == reflect.TypeFor[time.Duration]():
		if _, err := time.ParseDuration(raw); err == nil {
			return raw
		}
	case v.Kind() == reflect.Int || v.Kind() == reflect.Int64:
		if _, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return raw
		}
	}
	return strconv.Quote(k.mask(raw))
}
