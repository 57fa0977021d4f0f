package lake_test

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/lake"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // substring of the error; "" means valid
	}{
		{"file:///var/lib/skatestock/lake", ""},
		{"file://localhost/var/lib/skatestock/lake", ""},
		{"file:///srv/lake?no_tmp_dir=", ""},
		{"s3://skatestock-lake", ""},
		{"s3://skatestock-lake?region=eu-west-1", ""},
		{"s3://skatestock-lake/?region=eu-west-1&prefix=prod/", ""},
		{"s3://lake?endpoint=http%3A%2F%2F127.0.0.1%3A9000&use_path_style=true&disable_https=true", ""},
		{"mem://", ""},
		{"", "is empty"},
		{"   ", "is empty"},
		{"ftp://example.com/lake", `has scheme "ftp"`},
		{"/var/lib/lake", `has scheme ""`},
		{"gs://bucket", `has scheme "gs"`},
		{"file://relative/dir", "absolute directory"},
		{"file://./relative", "absolute directory"},
		{"file:///", "other than /"},
		{"s3://", "names no bucket"},
		{"s3:///lake", "names no bucket"},
		{"s3://bucket/lake/raw", "?prefix=lake/raw/"},
		{"s3://bucket?key=one-object", `"key" parameter`},
		{"file:///srv/lake?metadata=skip", `"metadata" parameter`},
		{"mem://somewhere", "plain mem://"},
		{"file:///srv/%zz", "cannot be parsed"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			err := lake.Config{URL: tt.url}.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error containing %q", tt.wantErr)
			}
			msg := err.Error()
			if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(msg, tt.wantErr) {
				t.Errorf("Validate() = %q, want catalog.ErrInvalid containing %q", msg, tt.wantErr)
			}
			// Every error names the value and what is allowed.
			if !strings.Contains(msg, "lake.url") || !strings.Contains(msg, "want file:///") || !strings.Contains(msg, "s3://") {
				t.Errorf("Validate() = %q does not name the key and the allowed forms", msg)
			}
		})
	}
}

func TestDefaultConfig(t *testing.T) {
	cfg, err := lake.DefaultConfig("/srv/skate data")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.URL != "file:///srv/skate%20data/lake" {
		t.Errorf("DefaultConfig(/srv/skate data).URL = %s", cfg.URL)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("default config does not validate: %v", err)
	}

	t.Chdir(t.TempDir())
	cfg, err = lake.DefaultConfig("./data")
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	want := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(wd, "data", "lake"))}).String()
	if cfg.URL != want {
		t.Errorf("DefaultConfig(./data).URL = %s, want %s", cfg.URL, want)
	}
}
