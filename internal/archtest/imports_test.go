package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/qbench/qbench"

// confined libraries and the only packages (of this module) that may import
// them directly, tests included. A prefix ending in "/" stands for every
// package under it.
var confined = []struct {
	lib     string // import path, or prefix ending in "/"
	allowed []string
}{
	{"github.com/gin-gonic/", []string{module + "/internal/api"}},
	{"gorm.io/", []string{module + "/internal/store"}},
	{"codeberg.org/go-pdf/fpdf", []string{module + "/reports"}},
	{"html/template", []string{module + "/internal/console"}},
}

func matches(lib, imp string) bool {
	if strings.HasSuffix(lib, "/") {
		return strings.HasPrefix(imp, lib)
	}
	return imp == lib || strings.HasPrefix(imp, lib+"/")
}

// TestConfinedImports reads `go list` for every package of the module and
// fails when gin, gorm, fpdf or html/template is imported (by code or by a
// test) outside the one package that wraps it.
func TestConfinedImports(t *testing.T) {
	cmd := exec.Command("go", "list", "-f",
		`{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		pkgs++
		pkg := fields[0]
		for _, imp := range fields[1:] {
			for _, c := range confined {
				if matches(c.lib, imp) && !allowed(pkg, c.allowed) {
					t.Errorf("%s imports %s; only %v may", pkg, imp, c.allowed)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// The module has well over ten packages; a broken go list template
	// must not pass for a clean module.
	if pkgs < 10 {
		t.Fatalf("go list listed %d packages:\n%s", pkgs, out)
	}
}

func allowed(pkg string, list []string) bool {
	for _, a := range list {
		if pkg == a {
			return true
		}
	}
	return false
}

// TestMatches checks the guard itself: a violation is seen.
func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		lib, imp string
		want     bool
	}{
		{"github.com/gin-gonic/", "github.com/gin-gonic/gin", true},
		{"github.com/gin-gonic/", "github.com/gin-contrib/sse", false},
		{"gorm.io/", "gorm.io/driver/postgres", true},
		{"codeberg.org/go-pdf/fpdf", "codeberg.org/go-pdf/fpdf", true},
		{"codeberg.org/go-pdf/fpdf", "codeberg.org/go-pdf/fpdf/contrib/x", true},
		{"html/template", "text/template", false},
		{"html/template", "html/template", true},
	} {
		if got := matches(tc.lib, tc.imp); got != tc.want {
			t.Errorf("matches(%q, %q) = %v", tc.lib, tc.imp, got)
		}
	}
}
