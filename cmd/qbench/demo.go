package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

// demoActor is who the audit trail says loaded the demo.
var demoActor = auth.Actor{Name: "qbench demo", Role: auth.RoleSystem}

// demo loads the green-tea study into the database the way a bureau and a
// lab would: created, opened, results uploaded, findings written, closed.
// It then makes an admin token and says what to try next. Run twice, it
// leaves the loaded study alone.
func (c *cli) demo(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.newFlagSet("demo")
	cfg.dbFlags(fs)
	if err := c.parseConfig(fs, &cfg, args); err != nil {
		return err
	}
	d, err := benchmark.ParseDesign(examples.GreenTeaDesign)
	if err != nil {
		return fmt.Errorf("demo design: %w", err)
	}
	st, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	_, err = st.FindStudyByCode(ctx, d.Code)
	pr := c.printer()
	switch benchmark.ErrorCode(err) {
	case "":
		fmt.Fprintln(c.stdout, pr.Sprintf("cli.demo.loaded_already", d.Code, cfg.DB))
	case benchmark.ENOTFOUND:
		if err := loadDemo(ctx, st, d); err != nil {
			return err
		}
		title := d.Title
		if pr.Lang() == i18n.EN && d.TitleEn != "" {
			title = d.TitleEn
		}
		fmt.Fprintln(c.stdout, pr.Sprintf("cli.demo.loaded", d.Code, title, len(d.Regions), len(d.Indicators), len(d.Samples)))
	default:
		return err
	}
	secret, err := auth.NewToken()
	if err != nil {
		return err
	}
	// Active token names are unique: each run's token gets a name of its own.
	name := "demo-admin-" + auth.HashToken(secret)[:8]
	if _, err := st.CreateToken(ctx, name, auth.RoleAdmin, "", secret, demoActor); err != nil {
		return err
	}
	fmt.Fprint(c.stdout, pr.Sprintf("cli.demo.next", secret, cfg.DB, d.Code))
	return nil
}

// loadDemo takes the demo study through the lifecycle.
func loadDemo(ctx context.Context, st *store.Store, d *benchmark.Design) error {
	findings, err := benchmark.ParseFindings(examples.GreenTeaFindings, d)
	if err != nil {
		return fmt.Errorf("demo findings: %w", err)
	}
	if _, err := st.CreateStudy(ctx, d, demoActor); err != nil {
		return err
	}
	if _, err := st.SetState(ctx, d.Code, benchmark.StateOpen, demoActor, ""); err != nil {
		return err
	}
	// The demo's results go in as an upload over the API would.
	if _, err := study.New(st, study.Config{}).Upload(ctx, demoActor, d.Code, bytes.NewReader(examples.GreenTeaResults),
		study.UploadOptions{ContentType: "text/csv", Filename: "results.csv"}); err != nil {
		return fmt.Errorf("demo results: %w", err)
	}
	if err := st.PutFindings(ctx, d.Code, findings, demoActor); err != nil {
		return err
	}
	_, err = st.SetState(ctx, d.Code, benchmark.StateClosed, demoActor, "")
	return err
}
