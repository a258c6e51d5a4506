package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/policy"
)

const tokenUsage = "usage: qbench token create --role admin|lab|reader [--lab CODE] [--name NAME] | list | revoke ID"

// token manages API tokens on the server's database directly: the first
// admin token can only come from here.
func (c *cli) token(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{tokenUsage}
	}
	cfg := defaultConfig()
	fs := c.newFlagSet("token " + args[0])
	cfg.dbFlags(fs)
	var role, lab, name string
	switch args[0] {
	case "create":
		fs.StringVar(&role, "role", "", "admin, lab or reader")
		fs.StringVar(&lab, "lab", "", "lab code (lab tokens only)")
		fs.StringVar(&name, "name", "", "who holds the token (shown in the audit trail; default: role and lab)")
	case "list":
	case "revoke":
		if len(args) < 2 {
			return usageError{"usage: qbench token revoke ID"}
		}
	default:
		return usageError{tokenUsage}
	}
	rest := args[1:]
	var id int64
	if args[0] == "revoke" {
		var err error
		if id, err = strconv.ParseInt(args[1], 10, 64); err != nil {
			return usageError{fmt.Sprintf("token revoke: %q is not a token id (see qbench token list)", args[1])}
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
		fmt.Fprintf(c.stderr, "created %s token %d %q; it is shown only this once:\n", tok.Role, tok.ID, tok.Name)
		fmt.Fprintln(c.stdout, secret)
	case "list":
		toks, err := st.FindTokens(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tROLE\tLAB\tCREATED\tREVOKED")
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
		fmt.Fprintf(c.stdout, "revoked token %d %q\n", tok.ID, tok.Name)
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
