package i18n

import (
	"regexp"
	"slices"
	"testing"
	"testing/fstest"
)

// TestCatalogueComplete fails when a key lacks a language, or when the two
// languages' formats take different arguments (a %d in one and %s in the
// other would print "%!d(string=…)" to a user).
func TestCatalogueComplete(t *testing.T) {
	zh, en := Keys(ZH), Keys(EN)
	for _, k := range zh {
		if !slices.Contains(en, k) {
			t.Errorf("key %q has Chinese but no English", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(zh, k) {
			t.Errorf("key %q has English but no Chinese", k)
		}
	}
	for _, k := range zh {
		z, e := For(ZH).keys()[k], For(EN).keys()[k]
		for _, pair := range [][2]string{{z.one, e.one}, {z.other, e.other}} {
			if a, b := verbs(pair[0]), verbs(pair[1]); !slices.Equal(a, b) {
				t.Errorf("key %q: Chinese takes %v, English %v", k, a, b)
			}
		}
	}
}

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// verbs lists a format's verbs by argument position, so that "%[2]s … %[1]d"
// and "%d … %s" (reordered in the other language) compare equal.
func verbs(format string) []string {
	var out []string
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[4] == "%" {
			continue
		}
		pos := next
		if m[2] != "" {
			pos = int(m[2][0] - '0')
			if len(m[2]) > 1 {
				pos = 10*pos + int(m[2][1]-'0')
			}
		}
		next = pos + 1
		verb := m[4]
		if verb == "v" || verb == "s" || verb == "q" {
			verb = "s"
		}
		for len(out) < pos {
			out = append(out, "")
		}
		out[pos-1] = verb
	}
	return out
}

func TestVerbs(t *testing.T) {
	if got := verbs("%[2]s 有 %[1]d 个"); !slices.Equal(got, []string{"d", "s"}) {
		t.Errorf("verbs = %v", got)
	}
	if got := verbs("%d of %s, 100%%"); !slices.Equal(got, []string{"d", "s"}) {
		t.Errorf("verbs = %v", got)
	}
}

func TestPrinter(t *testing.T) {
	if got := For(EN).Plural("common.problems", 1); got != "1 problem" {
		t.Errorf("en one = %q", got)
	}
	if got := For(EN).Plural("common.problems", 3); got != "3 problems" {
		t.Errorf("en other = %q", got)
	}
	if got := For(ZH).Plural("common.problems", 3); got != "共 3 个问题" {
		t.Errorf("zh = %q", got)
	}
	if got := For("fr").Lang(); got != ZH {
		t.Errorf("unknown language falls back to %q", got)
	}
	if got := For(EN).Sprintf("no.such.key", 1); got != "no.such.key1" {
		t.Errorf("missing key = %q", got)
	}
	nested := M("common.and_more", 2)
	if got := For(EN).Sprintf("common.problems", 2); got != "2 problems" || For(ZH).Message(nested) != "另有 2 个问题未列出" {
		t.Errorf("message = %q", For(ZH).Message(nested))
	}
}

// TestMessagesArgument: a list of messages as one argument is worded
// item by item, joined by the language's separator.
func TestMessagesArgument(t *testing.T) {
	list := Messages{M("common.problems", 2), M("common.problems", 1)}
	if got := For(EN).Sprintf("cli.err.configuration", list); got != "configuration: 2 problems; 1 problems" {
		t.Errorf("English: %q", got)
	}
	if got := For(ZH).Sprintf("cli.err.configuration", list); got != "配置有误：共 2 个问题；共 1 个问题" {
		t.Errorf("Chinese: %q", got)
	}
}

func TestLoadRefusesDuplicates(t *testing.T) {
	fsys := fstest.MapFS{
		"catalog/zh/a.json": {Data: []byte(`{"k": "一"}`)},
		"catalog/zh/b.json": {Data: []byte(`{"k": "二"}`)},
		"catalog/en/a.json": {Data: []byte(`{"k": "one"}`)},
	}
	if _, err := loadLang(fsys, ZH); err == nil {
		t.Fatal("a key defined in two files was accepted")
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	for header, want := range map[string]Lang{
		"":                           ZH,
		"en":                         EN,
		"en-US,en;q=0.9":             EN,
		"zh-CN,zh;q=0.9,en;q=0.8":    ZH,
		"fr-FR,en;q=0.5,zh;q=0.4":    EN,
		"de":                         ZH,
		"en;q=0, zh;q=0.1":           ZH,
		"EN-gb":                      EN,
		"zh-Hans-CN;q=0.3, en;q=bad": ZH,
	} {
		if got := FromAcceptLanguage(header); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for env, want := range map[[3]string]Lang{
		{"", "", ""}:                 ZH,
		{"", "", "en_US.UTF-8"}:      EN,
		{"", "", "C"}:                ZH,
		{"zh_CN.UTF-8", "", "en_US"}: ZH,
		{"", "en_GB", "zh_CN"}:       EN,
	} {
		got := FromEnv(func(name string) string {
			return map[string]string{"LC_ALL": env[0], "LC_MESSAGES": env[1], "LANG": env[2]}[name]
		})
		if got != want {
			t.Errorf("FromEnv(%v) = %q, want %q", env, got, want)
		}
	}
}
