package main

import (
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/i18n"
)

// TestHelpFollowsTheLocale: every command's -h lists its flags in the
// locale's language, Chinese without one, each flag with a text of the
// catalogue (a missing one would show its key).
func TestHelpFollowsTheLocale(t *testing.T) {
	commands := [][]string{
		{"serve"}, {"migrate"}, {"analyze"}, {"report"}, {"follow-up"}, {"demo"}, {"gen"},
		{"template", "results"}, {"template", "design"}, {"token", "create"}, {"token", "list"},
	}
	for _, lang := range []struct {
		env, header, design string
	}{
		{"", "的参数（每个参数也可用对应的 QBENCH_* 环境变量设置）：", "研究设计文件（JSON 或 XLSX 工作簿）"},
		{"en_GB.UTF-8", "(flags; each can also be set with its QBENCH_* variable):", "study design file (JSON or XLSX workbook)"},
	} {
		for _, cmd := range commands {
			_, stderr, err := runInProcess(t, map[string]string{"LANG": lang.env}, append(cmd, "-h")...)
			if !errors.Is(err, flag.ErrHelp) {
				t.Errorf("%v -h (LANG=%q): %v", cmd, lang.env, err)
			}
			if !strings.Contains(stderr, lang.header) || !strings.Contains(stderr, "  --") {
				t.Errorf("%v -h (LANG=%q) lists no flags:\n%s", cmd, lang.env, stderr)
			}
			if strings.Contains(stderr, "cli.flag") {
				t.Errorf("%v -h (LANG=%q) shows a catalogue key for want of a text:\n%s", cmd, lang.env, stderr)
			}
		}
		_, stderr, _ := runInProcess(t, map[string]string{"LANG": lang.env}, "analyze", "-h")
		if !strings.Contains(stderr, lang.design) {
			t.Errorf("analyze -h (LANG=%q) does not say what --design is:\n%s", lang.env, stderr)
		}
	}
	// The top-level usage too.
	out, _, err := runInProcess(t, map[string]string{"LANG": ""}, "help")
	if err != nil || !strings.Contains(out, "用法：") || !strings.Contains(out, "qbench analyze  --design 文件") {
		t.Errorf("help = %q, %v", out, err)
	}
}

// TestUsageErrorsFollowTheLocale: a mistake in the command line is said in
// the locale's language, and exits with 2.
func TestUsageErrorsFollowTheLocale(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		zh, en string
	}{
		{nil, "没有给出命令", "no command given"},
		{[]string{"frobnicate"}, `未知命令 "frobnicate"`, `unknown command "frobnicate"`},
		{[]string{"analyze"}, "需要 --design 和至少一个 --results", "--design and at least one --results are required"},
		{[]string{"analyze", "--x"}, "没有参数 --x", "there is no flag --x"},
		{[]string{"analyze", "--design"}, "--design 需要一个值", "--design needs a value"},
		{[]string{"serve", "--max-upload", "0"}, "应为正的字节数", "want a positive number of bytes"},
		{[]string{"serve", "--log-level", "loud"}, `配置有误：log-level "loud" 不是`, `configuration: log-level "loud" is not`},
		{[]string{"serve", "--log-level", "loud", "--log-format", "xml"}, "；log-format", "; log-format"},
		{[]string{"gen", "--regions", "1"}, "比对至少需要 2 个产区", "a comparison needs at least 2 regions"},
		{[]string{"gen", "--regions", "x"}, `--regions "x"：不是有效的值`, `--regions "x": not a valid value`},
		{[]string{"template", "results", "--lang", "fr"}, `"fr" 不是 zh 或 en`, `"fr" is not zh or en`},
		{[]string{"token", "revoke", "x"}, `"x" 不是令牌编号`, `"x" is not a token id`},
	} {
		for _, lang := range []struct{ env, want string }{{"", tc.zh}, {"en_GB.UTF-8", tc.en}} {
			env := map[string]string{"LANG": lang.env}
			_, _, err := runInProcess(t, env, tc.args...)
			if err == nil || exitCode(err) != 2 {
				t.Errorf("%v (LANG=%q): %v (exit %d), want a usage error", tc.args, lang.env, err, exitCode(err))
				continue
			}
			if got := describe(i18n.For(i18n.FromEnv(func(k string) string { return env[k] })), err); !strings.Contains(got, lang.want) {
				t.Errorf("%v (LANG=%q) says %q, want it to contain %q", tc.args, lang.env, got, lang.want)
			}
		}
	}
}
