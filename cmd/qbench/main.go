// Command qbench is the product-quality benchmarking workbench: an HTTP API
// (serve) where bureaus set up comparison studies, labs upload results and
// associations download reports, and the same engine on the command line
// (analyze, report) without a database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/qbench/qbench/internal/i18n"
)

const usage = `qbench — product-quality comparison studies

Usage:
  qbench serve    [flags]   run the HTTP API (migrates the database first)
  qbench migrate  [flags]   apply database migrations and exit
  qbench analyze  --design FILE --results FILE [--results FILE…]
                            print the profile JSON (no database needed)
  qbench report   --design FILE --results FILE… --out FILE.pdf [--lang zh|en] [--findings FILE]
                  [--previous-design FILE --previous-results FILE…]
                            render the PDF analysis report, with a follow-up chapter of
                            the previous round when given (no database needed)
  qbench follow-up --design FILE --results FILE… --previous-design FILE --previous-results FILE…
                            print the follow-up of the previous round's study (no database needed)
  qbench token    create --role admin|lab|reader [--lab CODE] [--name NAME] | list | revoke ID
  qbench demo     [flags]   load the green-tea demo study into the database
  qbench gen      [--regions N] [--samples N] [--indicators N] [--replicates N] [--nd-share X] [--seed N] [--out-dir DIR]
                            write a synthetic study (design.json, results.csv), the same for the same seed
  qbench version            print version, commit and build date

Run "qbench COMMAND -h" for a command's flags. Every flag can also be set
with an environment variable QBENCH_<FLAG> (e.g. QBENCH_DB); flags win.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := realMain(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "qbench:", describe(i18n.For(i18n.FromEnv(os.Getenv)), err))
		}
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for usage errors, 1 for everything else.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// cli is what every command needs from its process: streams and the
// environment. Tests give their own.
type cli struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// printer words the CLI's messages in the language of LC_ALL, LC_MESSAGES
// or LANG (Chinese by default).
func (c *cli) printer() *i18n.Printer { return i18n.For(i18n.FromEnv(c.getenv)) }

// realMain runs one command; main only wires signals, streams and the exit
// code, so that tests can run every command in-process.
func realMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c := &cli{stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return c.serve(ctx, rest)
	case "migrate":
		return c.migrate(ctx, rest)
	case "analyze":
		return c.analyze(ctx, rest)
	case "report":
		return c.report(ctx, rest)
	case "follow-up":
		return c.followUp(ctx, rest)
	case "token":
		return c.token(ctx, rest)
	case "demo":
		return c.demo(ctx, rest)
	case "gen":
		return c.gen(ctx, rest)
	case "template":
		return c.template(ctx, rest)
	case "version":
		return c.version(rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}
