package app

import (
	"bufio"
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The import rules of ARCHITECTURE.md, checked over the source tree.
//
// They bind non-test files fully: those are what end up in the binary.
// Test files follow the same rules with two allowances, because a test's
// imports couple no production code:
//   - a test may import another module's testing-helper package (one whose
//     name ends in "test", like storetest): that is how a module offers
//     fakes, fixtures and contract suites to others;
//   - a test may import the modules in testDataModules, which exist to feed
//     tests (seed generates the catalogs that tests and benchmarks use).
//
// A testing-helper package is test code compiled as a non-test file, so it
// shares both allowances: cachetest may import redistest, the helpers
// every Redis-backed module's tests share, and evaltest may read seed's
// generated data. Only tests, other helpers and app import a helper.
//
// Test files are still held to the library rules (a test elsewhere that needs
// Kafka or Redis uses the owning module's helpers, not the library) and to
// the catalog rule.

// libraryOwners says which directories may import a third-party library
// (matched by path prefix, so "gorm.io" covers gorm.io/gorm and its drivers;
// the longest matching prefix decides, so franz-go's registry client pkg/sr
// can be schema's while the Kafka client stays bus's).
func libraryOwners() []struct {
	library string
	owners  []string
} {
	return []struct {
		library string
		owners  []string
	}{
		{"github.com/twmb/franz-go", []string{"modules/bus"}},
		{"github.com/twmb/franz-go/pkg/sr", []string{"modules/bus", "modules/schema"}},
		{"gorm.io", []string{"modules/store"}},
		{"github.com/redis/rueidis", []string{"modules/dedup", "modules/cache", "modules/ratelimit", "modules/redistest"}},
		{"github.com/labstack/echo", []string{"modules/api", "modules/dashboard"}},
	}
}

// testDataModules are the modules any module's tests may import.
func testDataModules() []string { return []string{"seed"} }

// repoPackageOwners says which modules may import which of the repository's
// packages outside modules/: the embedded migrations and dashboard assets.
func repoPackageOwners() map[string][]string {
	return map[string][]string{
		"migrations": {"modules/store"},
		"web":        {"modules/dashboard"},
	}
}

// violation is one import that breaks a rule.
type violation struct {
	file, importPath, rule string
}

func (v violation) String() string {
	return fmt.Sprintf("%s imports %s: %s", v.file, v.importPath, v.rule)
}

// checkImports parses every .go file under fsys (a repository root with
// module path module) and returns the imports that break the rules.
func checkImports(fsys fs.FS, module string) ([]violation, error) {
	var out []violation
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := path.Base(name)
		if d.IsDir() {
			if name != "." && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "testdata" || base == "vendor") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return fmt.Errorf("parse %s: %w", name, err)
			}
			if rule := importRule(name, f.Name.Name, imp, module); rule != "" {
				out = append(out, violation{file: name, importPath: imp, rule: rule})
			}
		}
		return nil
	})
	return out, err
}

// importRule returns the rule that file, of package pkg, importing imp
// breaks, or "".
func importRule(file, pkg, imp, module string) string {
	dir := path.Dir(file)
	isTest := strings.HasSuffix(file, "_test.go")
	isHelper := strings.HasSuffix(pkg, "test") && !strings.HasSuffix(pkg, "_test")
	local, isLocal := strings.CutPrefix(imp, module+"/")
	if imp == module {
		isLocal, local = true, ""
	}
	if isLocal && (local == "app" || strings.HasPrefix(local, "app/")) && file != "main.go" && !under(dir, "app") {
		return "nothing imports app but main.go"
	}
	mod, inModules := moduleOf(dir)
	if !inModules {
		return ""
	}
	if mod == "catalog" && !isStdlib(imp) && !(isLocal && moduleIs(local, "catalog")) {
		return "catalog imports only the standard library"
	}
	if isLocal {
		target, isModule := moduleOf(local)
		switch {
		case !isModule:
			for pkg, owners := range repoPackageOwners() {
				if under(local, pkg) && slices.ContainsFunc(owners, func(o string) bool { return under(dir, o) }) {
					return ""
				}
			}
			return "modules import only modules, and only store and dashboard import migrations and web"
		case target == mod || target == "catalog":
			return ""
		case (isTest || isHelper) && strings.HasSuffix(path.Base(local), "test"):
			return "" // a sibling's testing helpers, such as storetest or redistest
		case (isTest || isHelper) && slices.Contains(testDataModules(), target):
			return "" // generated test data
		default:
			return "a module never imports a sibling module: meet it through the bus or a port that app fills"
		}
	}
	best := -1
	libs := libraryOwners()
	for i, lib := range libs {
		if imp != lib.library && !strings.HasPrefix(imp, lib.library+"/") {
			continue
		}
		if best < 0 || len(lib.library) > len(libs[best].library) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	if lib := libs[best]; !slices.ContainsFunc(lib.owners, func(o string) bool { return under(dir, o) }) {
		return "only " + strings.Join(lib.owners, ", ") + " may import " + lib.library
	}
	return ""
}

// moduleOf returns the module a slash path lies in: "store" for
// modules/store/postgres.
func moduleOf(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "modules/")
	if !ok || rest == "" {
		return "", false
	}
	mod, _, _ := strings.Cut(rest, "/")
	return mod, true
}

func moduleIs(local, mod string) bool {
	m, ok := moduleOf(local)
	return ok && m == mod
}

// under reports whether slash path p is dir or inside it.
func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// isStdlib reports whether imp is a standard library path: its first element
// has no dot.
func isStdlib(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

// modulePath reads the module path from go.mod.
func modulePath(t *testing.T, gomod []byte) string {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`)
		}
	}
	t.Fatal("go.mod has no module line")
	return ""
}

// TestImportRules checks the real tree.
func TestImportRules(t *testing.T) {
	root := os.DirFS("..")
	gomod, err := fs.ReadFile(root, "go.mod")
	if err != nil {
		t.Fatal(err)
	}
	violations, err := checkImports(root, modulePath(t, gomod))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		t.Error(v)
	}
}
