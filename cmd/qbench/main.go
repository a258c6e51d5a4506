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
		fmt.Fprint(stderr, c.printer().Sprintf("cli.usage"))
		return usage("cli.err.no_command")
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
		fmt.Fprint(stdout, c.printer().Sprintf("cli.usage"))
		return nil
	}
	fmt.Fprint(stderr, c.printer().Sprintf("cli.usage"))
	return usage("cli.err.unknown_command", cmd)
}
