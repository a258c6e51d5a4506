package main

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/i18n"
)

// TestReadmeConfigurationTableMatchesFlags compares the README's
// configuration table with the real flags of qbench serve: every flag is in
// the table with its variable, default, commands and help text, and the
// table has nothing else.
func TestReadmeConfigurationTableMatchesFlags(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Configuration\n")
	if !ok {
		t.Fatal(`README.md has no "## Configuration" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")

	type row struct{ variable, def, commands, meaning string }
	table := map[string]row{}
	var order []string
	for line := range strings.SplitSeq(section, "\n") {
		if !strings.HasPrefix(line, "| `--") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) != 5 {
			t.Errorf("table row %q has %d cells, want 5 (flag, variable, default, commands, meaning)", line, len(cells))
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		name := strings.TrimPrefix(strings.Trim(cells[0], "`"), "--")
		def := strings.Trim(cells[2], "`")
		if def == "—" {
			def = ""
		}
		if _, dup := table[name]; dup {
			t.Errorf("--%s is in the table twice", name)
		}
		table[name] = row{strings.Trim(cells[1], "`"), def, cells[3], cells[4]}
		order = append(order, name)
	}
	if !slices.IsSorted(order) {
		t.Errorf("the table is not in flag order: %v", order)
	}

	cfg := defaultConfig()
	c := &cli{}
	serve := c.newFlagSet("serve")
	cfg.serveFlags(serve)
	db := c.newFlagSet("migrate")
	dbCfg := defaultConfig()
	dbCfg.dbFlags(db)

	serve.VisitAll(func(f *flag.Flag) {
		got, ok := table[f.Name]
		if !ok {
			t.Errorf("README configuration table lacks --%s (%s, default %q): %s", f.Name, envName(f.Name), f.DefValue, i18n.For(i18n.EN).Sprintf(f.Usage))
			return
		}
		delete(table, f.Name)
		commands := "serve"
		if db.Lookup(f.Name) != nil {
			commands = "serve, migrate, token, demo"
		}
		want := row{envName(f.Name), f.DefValue, commands, i18n.For(i18n.EN).Sprintf(f.Usage)}
		if got != want {
			t.Errorf("README row of --%s:\n got %+v\nwant %+v", f.Name, got, want)
		}
	})
	for name := range table {
		t.Errorf("README configuration table has --%s, which qbench serve does not take", name)
	}
}
