package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/policy"
)

// token manages API tokens on the server's database directly: the first
// admin token can only come from here.
func (c *cli) token(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usage("cli.usage.token")
	}
	cfg := defaultConfig()
	fs := c.newFlagSet("token " + args[0])
	cfg.dbFlags(fs)
	var role, lab, name string
	switch args[0] {
	case "create":
		fs.StringVar(&role, "role", "", "cli.flag.token_create.role")
		fs.StringVar(&lab, "lab", "", "cli.flag.token_create.lab")
		fs.StringVar(&name, "name", "", "cli.flag.token_create.name")
	case "list":
	case "revoke":
		if len(args) < 2 {
			return usage("cli.err.token.revoke_usage")
		}
	default:
		return usage("cli.usage.token")
	}
	rest := args[1:]
	var id int64
	if args[0] == "revoke" {
		var err error
		if id, err = strconv.ParseInt(args[1], 10, 64); err != nil {
			return usage("cli.err.token.not_an_id", args[1])
		}
		rest = args[2:]
	}
	if err := c.parseConfig(fs, &cfg, rest); err != nil {
		return err
	}
	// The CLI runs on the server as the system actor; it asks the policy
	// like every other front end.
	if err := policy.Authorize(auth.System, policy.ManageTokens, nil); err != nil {
		return err
	}
	st, _, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	switch args[0] {
	case "create":
		if name == "" {
			name = role
			if lab != "" {
				name = role + "-" + lab
			}
		}
		secret, err := auth.NewToken()
		if err != nil {
			return err
		}
		tok, err := st.CreateToken(ctx, name, role, lab, secret, auth.System)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stderr, c.printer().Sprintf("cli.token.created", tok.Role, tok.ID, tok.Name))
		fmt.Fprintln(c.stdout, secret)
	case "list":
		toks, err := st.FindTokens(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, c.printer().Sprintf("cli.token.list_header"))
		for _, t := range toks {
			revoked := "-"
			if t.RevokedAt != nil {
				revoked = t.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, dash(t.Lab), t.CreatedAt.Format("2006-01-02 15:04"), revoked)
		}
		return w.Flush()
	case "revoke":
		tok, err := st.RevokeToken(ctx, id, auth.System)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.token.revoked", tok.ID, tok.Name))
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
