package main

import (
	"flag"
	"fmt"
	"io"
	"reflect"

	"github.com/qbench/qbench/internal/i18n"
)

// The CLI's words — its usage, every flag's help, its usage errors and
// what it reports having done — come from the catalogue (catalog/*/cliusage.json),
// in the language of the locale (Chinese unless it names English), like
// every other message a user reads.

// usageError is a mistake in the command line: exit status 2, worded in
// the CLI's language by describe.
type usageError struct{ msg i18n.Message }

func usage(key string, args ...any) usageError { return usageError{i18n.M(key, args...)} }

// Error is the mistake in English (logs, tests); describe words it for the user.
func (e usageError) Error() string { return i18n.For(i18n.EN).Message(e.msg) }

// A flag's Usage is the catalogue key of its help (cli.flag.<name>, or
// cli.flag.<command>.<name> where the flag means something of its own in
// that command: --out of report is a PDF, of template design a workbook),
// worded only when -h asks for it: a command that succeeds reads nothing
// of the catalogue. The README's configuration table is tested against
// the English texts.

// newFlagSet returns the flag set of a command. Its -h lists the flags in
// the CLI's language (printFlags); the flag package's own error lines,
// which are English, are dropped: parseFlags returns the error, which
// main words.
func (c *cli) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("qbench "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { c.printFlags(fs) }
	return fs
}

// printFlags lists a command's flags with their help and defaults, worded
// in the CLI's language.
func (c *cli) printFlags(fs *flag.FlagSet) {
	pr := c.printer()
	fmt.Fprintln(c.stderr, pr.Sprintf("cli.flags.header", fs.Name()))
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(c.stderr, "  --%s\n", f.Name)
		text := pr.Sprintf(f.Usage)
		if !isZeroValue(f) {
			text += pr.Sprintf("cli.flags.default", f.DefValue)
		}
		fmt.Fprintf(c.stderr, "        %s\n", text)
	})
}

// isZeroValue reports whether a flag's default is its type's zero value,
// which is not worth showing (as the flag package decides).
func isZeroValue(f *flag.Flag) bool {
	value := f.Value
	if r, ok := value.(*recordingValue); ok {
		value = r.Value
	}
	t := reflect.TypeOf(value)
	var zero reflect.Value
	if t.Kind() == reflect.Pointer {
		zero = reflect.New(t.Elem())
	} else {
		zero = reflect.Zero(t)
	}
	v, ok := zero.Interface().(flag.Value)
	return ok && f.DefValue == v.String()
}
