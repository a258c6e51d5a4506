package main

import (
	"context"

	"github.com/qbench/qbench/internal/study"
)

// followUp prints the follow-up of a study by the previous round's
// (docs/method.md §7): each round's design and results files, as analyze
// reads them.
func (c *cli) followUp(_ context.Context, args []string) error {
	var now, prev studyInput
	fs := now.flags(c, "follow-up")
	fs.StringVar(&prev.design, "previous-design", "", "cli.flag.previous-design")
	fs.Var(&prev.results, "previous-results", "cli.flag.previous-results")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	if prev.design == "" || len(prev.results) == 0 {
		return usage("cli.err.previous_required")
	}
	// Reading only: the follow-up analyses each round itself.
	d, results, err := now.read(c.printer())
	if err != nil {
		return err
	}
	pd, prevResults, err := prev.read(c.printer())
	if err != nil {
		return previousRound(c.printer(), err)
	}
	// The API's GET /studies/{code}/follow-up takes the same two steps,
	// so that both give the same bytes.
	f, err := study.FollowUpOf(pd, prevResults, d, results)
	if err != nil {
		return err
	}
	body, err := study.EncodeFollowUp(f)
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(body)
	return err
}
