package app

import "testing"

func TestParseDatabaseURL(t *testing.T) {
	tests := []struct {
		in       string
		wantKind string
		wantPath string
		wantErr  bool
	}{
		{in: "postgres://u:p@localhost:5432/skate?sslmode=disable", wantKind: kindPostgres},
		{in: "postgresql://localhost/skate", wantKind: kindPostgres},
		{in: "postgres:///skate?host=/var/run/postgresql", wantKind: kindPostgres},
		{in: "sqlite:///var/lib/skatestock/skatestock.db", wantKind: kindSQLite, wantPath: "/var/lib/skatestock/skatestock.db"},
		{in: "sqlite://./data/skatestock.db", wantKind: kindSQLite, wantPath: "./data/skatestock.db"},
		{in: "sqlite://../shared/x.db", wantKind: kindSQLite, wantPath: "../shared/x.db"},
		{in: "sqlite://data/x.db", wantErr: true},      // would read "data" as a host
		{in: "sqlite://./data/", wantErr: true},        // a directory, not a file
		{in: "sqlite://", wantErr: true},               // no path
		{in: "sqlite://./x.db?mode=ro", wantErr: true}, // parameters are not passed on
		{in: "sqlite:x.db", wantErr: true},
		{in: "mysql://root@db/x", wantErr: true},
		{in: "postgres://u:p@host:port/db", wantErr: true}, // port is not a number
		{in: "/var/lib/x.db", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDatabaseURL(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got.kind != tt.wantKind || got.path != tt.wantPath {
				t.Errorf("got kind %q path %q, want %q %q", got.kind, got.path, tt.wantKind, tt.wantPath)
			}
		})
	}
}

func TestDefaultSQLiteURL(t *testing.T) {
	tests := []struct{ dir, want string }{
		{"./data", "sqlite://./data/skatestock.db"},
		{"data", "sqlite://./data/skatestock.db"},
		{"/var/lib/skatestock", "sqlite:///var/lib/skatestock/skatestock.db"},
		{"../elsewhere", "sqlite://../elsewhere/skatestock.db"},
		{".", "sqlite://./skatestock.db"},
	}
	for _, tt := range tests {
		got := defaultSQLiteURL(tt.dir)
		if got != tt.want {
			t.Errorf("defaultSQLiteURL(%q) = %q, want %q", tt.dir, got, tt.want)
		}
		if _, err := parseDatabaseURL(got); err != nil {
			t.Errorf("defaultSQLiteURL(%q) = %q does not parse: %v", tt.dir, got, err)
		}
	}
}
