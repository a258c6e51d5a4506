// Package i18n is qbench's one message catalogue. Everything a user may
// read — an API problem's detail, a row error of an upload, a sentence of
// the report, a label of the console, a message of the CLI — is a key with
// arguments here, worded in Chinese or English only at the edge that shows
// it. The catalogue is a set of JSON files per language under catalog/
// (one file per area: api, lab, design, report, console …), embedded in the
// binary; a test fails when a key lacks a language or the two languages
// disagree on their arguments.
//
// Chinese is the default language wherever a request does not say.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// Lang is a language of the catalogue.
type Lang string

// The languages of the catalogue. ZH is the default.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Default is the language used when a request names none that qbench has.
const Default = ZH

// Langs lists the catalogue's languages, the default first.
var Langs = []Lang{ZH, EN}

// Message is what to say, before it is worded: a catalogue key and the
// arguments of its format. An argument that is itself a Message is worded
// in the same language (a reason that names a field's label, say).
type Message struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// M returns the message key with args.
func M(key string, args ...any) Message { return Message{Key: key, Args: args} }

// IsZero reports whether m carries no key.
func (m Message) IsZero() bool { return m.Key == "" }

// String words the message in the default language; for logs and tests.
func (m Message) String() string { return For(Default).Message(m) }

// entry is one catalogue value: a plain format, or a format per plural
// form ("one", "other") chosen by Plural.
type entry struct {
	format string
	one    string
	other  string
}

func (e *entry) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		e.format, e.one, e.other = s, s, s
		return nil
	}
	var forms struct{ One, Other string }
	if err := json.Unmarshal(b, &forms); err != nil {
		return fmt.Errorf("a catalogue value is a string or {\"one\", \"other\"}: %w", err)
	}
	if forms.Other == "" {
		return fmt.Errorf("a plural value needs \"other\"")
	}
	if forms.One == "" {
		forms.One = forms.Other
	}
	e.format, e.one, e.other = forms.Other, forms.One, forms.Other
	return nil
}

//go:embed catalog
var files embed.FS

// catalogueOf returns a language's keys, read from the embedded files the
// first time a message of that language is worded and never changed after:
// a command that words nothing (qbench analyze of good files) does not pay
// the milliseconds of decoding the catalogue at start-up, and one that
// words Chinese does not decode the English.
var catalogueOf = func() map[Lang]func() map[string]entry {
	m := make(map[Lang]func() map[string]entry, len(Langs))
	for _, lang := range Langs {
		m[lang] = sync.OnceValue(func() map[string]entry {
			keys, err := loadLang(files, lang)
			if err != nil {
				panic(err) // the embedded files are tested: a broken build
			}
			return keys
		})
	}
	return m
}()

// loadLang reads catalog/<lang>/*.json. A key defined twice in one
// language is an error: every area owns its keys.
func loadLang(fsys fs.FS, lang Lang) (map[string]entry, error) {
	dir := path.Join("catalog", string(lang))
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	keys := map[string]entry{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var part map[string]entry
		if err := json.Unmarshal(data, &part); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for k, v := range part {
			if _, dup := keys[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is defined twice in %s", name, k, lang)
			}
			keys[k] = v
		}
	}
	return keys, nil
}

// Printer words messages in one language.
type Printer struct {
	lang Lang
}

// For returns the printer of lang; an unknown language gets the default's.
func For(lang Lang) *Printer {
	if _, ok := catalogueOf[lang]; !ok {
		lang = Default
	}
	return &Printer{lang: lang}
}

// keys is the catalogue of p's language.
func (p *Printer) keys() map[string]entry { return catalogueOf[p.lang]() }

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// Sprintf words key with args. A key the catalogue lacks is returned as
// it is, with its arguments, so that a missing translation shows rather
// than hides (and the catalogue test fails).
func (p *Printer) Sprintf(key string, args ...any) string {
	e, ok := p.keys()[key]
	if !ok {
		if len(args) == 0 {
			return key
		}
		return key + fmt.Sprint(p.words(args)...)
	}
	return fmt.Sprintf(e.format, p.words(args)...)
}

// Plural words key with n as its first argument, choosing the "one" form
// when n is 1 and "other" otherwise (Chinese has one form for both).
func (p *Printer) Plural(key string, n int, args ...any) string {
	e, ok := p.keys()[key]
	all := append([]any{n}, args...)
	if !ok {
		return p.Sprintf(key, all...)
	}
	format := e.other
	if n == 1 {
		format = e.one
	}
	return fmt.Sprintf(format, p.words(all)...)
}

// Message words m.
func (p *Printer) Message(m Message) string { return p.Sprintf(m.Key, m.Args...) }

// Has reports whether the catalogue has key in p's language.
func (p *Printer) Has(key string) bool { _, ok := p.keys()[key]; return ok }

// Messages is a list of messages given as one argument: it is worded as
// the wording of each, joined by the language's list separator ("; ", "；").
type Messages []Message

// words replaces every Message and Messages argument by its wording.
func (p *Printer) words(args []any) []any {
	var out []any // a copy, made at the first Message, so args stays as given
	for i, a := range args {
		var worded string
		switch m := a.(type) {
		case Message:
			worded = p.Message(m)
		case Messages:
			parts := make([]string, len(m))
			for j := range m {
				parts[j] = p.Message(m[j])
			}
			worded = strings.Join(parts, p.Sprintf("common.list_separator"))
		default:
			continue
		}
		if out == nil {
			out = slices.Clone(args)
		}
		out[i] = worded
	}
	if out == nil {
		return args
	}
	return out
}

// Keys lists the keys of lang, sorted; for tests and tools.
func Keys(lang Lang) []string {
	all := For(lang).keys()
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Parse returns the language a tag names ("zh", "zh-CN", "en-GB", "EN"),
// and false when qbench has none for it.
func Parse(tag string) (Lang, bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	base, _, _ := strings.Cut(tag, "-")
	base, _, _ = strings.Cut(base, "_")
	base, _, _ = strings.Cut(base, ".")
	for _, l := range Langs {
		if base == string(l) {
			return l, true
		}
	}
	return "", false
}

// FromAcceptLanguage picks the language of an HTTP Accept-Language header
// (RFC 9110 §12.5.4): the supported language with the highest weight, the
// earlier one on equal weights; the default when none is supported.
func FromAcceptLanguage(header string) Lang {
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				continue
			}
		}
		lang, ok := Parse(tag)
		if !ok || q <= 0 || q <= bestQ {
			continue
		}
		best, bestQ = lang, q
	}
	return best
}

// FromEnv picks the language of the CLI from the locale variables, as
// POSIX orders them (LC_ALL, LC_MESSAGES, LANG; pass os.Getenv): "en_US.UTF-8"
// is English; "C", "POSIX", unset or unknown give the default.
func FromEnv(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if lang, ok := Parse(v); ok {
				return lang
			}
			return Default
		}
	}
	return Default
}
