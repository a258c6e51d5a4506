package benchmark

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/jsondoc"
)

// Known fields of each object of a design, from the json tags of the types.
var (
	designFields    = jsonFields(Design{})
	regionFields    = jsonFields(Region{})
	labFields       = jsonFields(Lab{})
	settingsFields  = jsonFields(Settings{})
	indicatorFields = jsonFields(Indicator{})
	claimFields     = jsonFields(Claim{})
	sampleFields    = jsonFields(Sample{})
)

// designDocumentProblems lists what a design document says that its decoded
// form would lose: misspelt fields, and numbers float64 cannot hold. It
// runs on the bytes, before decoding, as 1e999 does not decode at all and
// 1e-400 decodes as 0.
//
// doc is the document when it is valid JSON, nil when it is not (then
// there is nothing to say beyond decoding's error).
func designDocumentProblems(data []byte, doc jsondoc.Value) []FieldError {
	if doc == nil {
		return nil
	}
	return append(misspeltDesignFields(doc), outOfRangeNumbersOf(data)...)
}

// outOfRangeNumbers lists, by field path, every number of a JSON document
// that float64 cannot hold: too large (1e999 would be infinite), or so
// small that it would become 0 or lose its precision (1e-400, 1e-310). A
// malformed document gives none; decoding reports it.
func outOfRangeNumbers(data []byte) []FieldError {
	// json.Valid bounds the nesting (as decoding does), so the walk below
	// cannot recurse without limit on a hostile document.
	if !json.Valid(data) {
		return nil
	}
	return outOfRangeNumbersOf(data)
}

// outOfRangeNumbersOf is outOfRangeNumbers of a valid JSON document.
func outOfRangeNumbersOf(data []byte) []FieldError {
	// The walk below (a token at a time, building every path) costs more
	// than the rest of reading a design; a scan of the bytes finds the
	// numbers with the same test, and the walk runs only to name the
	// fields of those out of range.
	// Only a design (an object) has field paths; anything else is refused
	// as not a design when it is decoded.
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return nil
	}
	if !hasOutOfRangeNumber(data) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []FieldError
	_ = walkNumbers(dec, "", func(path string, n json.Number) {
		if outOfRange(string(n)) {
			out = append(out, fieldError(path, i18n.M("design.number_range", string(n))))
		}
	})
	return out
}

// outOfRange reports whether float64 cannot hold the JSON number n.
func outOfRange(n string) bool {
	f, err := strconv.ParseFloat(n, 64)
	return err != nil || (f != 0 && math.Abs(f) < 0x1p-1022) || (f == 0 && hasNonZeroDigit(n))
}

// hasOutOfRangeNumber reports whether a valid JSON document holds a number
// outOfRange. Outside strings, a number is the only token that starts with
// '-' or a digit, and it runs to the next structural character or space.
func hasOutOfRangeNumber(data []byte) bool {
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++ // the escaped byte, which may be a quote
				}
			}
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(data) && (data[j] == '.' || data[j] == 'e' || data[j] == 'E' || data[j] == '+' || data[j] == '-' || (data[j] >= '0' && data[j] <= '9')) {
				j++
			}
			if outOfRange(string(data[i:j])) {
				return true
			}
			i = j - 1
		}
	}
	return false
}

// walkNumbers calls visit for every number of the next JSON value of dec,
// with its path (indicators[2].limit_max).
func walkNumbers(dec *json.Decoder, path string, visit func(string, json.Number)) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Number:
		visit(path, t)
	case json.Delim:
		switch t {
		case '{':
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := key.(string)
				if path != "" {
					k = path + "." + k
				}
				if err := walkNumbers(dec, k, visit); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walkNumbers(dec, fmt.Sprintf("%s[%d]", path, i), visit); err != nil {
					return err
				}
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return err
		}
	}
	return nil
}

// hasNonZeroDigit reports whether the mantissa of a JSON number has a digit
// other than 0: then a parsed 0 is an underflow.
func hasNonZeroDigit(n string) bool {
	mantissa, _, _ := strings.Cut(strings.ToLower(n), "e")
	return strings.ContainsAny(mantissa, "123456789")
}

func jsonFields(v any) []string {
	t := reflect.TypeOf(v)
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// misspeltDesignFields lists the keys of a design document that are not
// fields of the format but nearly are ("limit_mx", "focal_regoin"): extra
// fields are welcome, misspelt ones would silently lose their value.
func misspeltDesignFields(doc jsondoc.Value) []FieldError {
	top := doc.Members()
	if top == nil {
		return nil // not an object: the typed decoding reports it
	}
	var out []FieldError
	out = appendMisspelt(out, "", top, designFields)
	if lab := lastMember(top, "lab"); lab.Kind() == '{' {
		out = appendMisspelt(out, "lab.", lab.Members(), labFields)
	}
	if settings := lastMember(top, "settings"); settings.Kind() == '{' {
		out = appendMisspelt(out, "settings.", settings.Members(), settingsFields)
	}
	for _, list := range []struct {
		key    string
		fields []string
	}{{"regions", regionFields}, {"indicators", indicatorFields}, {"samples", sampleFields}} {
		items := lastMember(top, list.key)
		if items.Kind() != '[' {
			continue
		}
		for i, item := range items.Elements() {
			if item.Kind() != '{' {
				continue
			}
			members := item.Members()
			if !anyMisspelt(members, list.fields) && list.key != "indicators" {
				continue // the common case: no key to name, no prefix to word
			}
			prefix := fmt.Sprintf("%s[%d].", list.key, i)
			out = appendMisspelt(out, prefix, members, list.fields)
			if claim := lastMember(members, "claim"); claim.Kind() == '{' && list.key == "indicators" {
				out = appendMisspelt(out, prefix+"claim.", claim.Members(), claimFields)
			}
		}
	}
	return out
}

// lastMember returns the value of an object's member key, the last one
// when the key is given twice (as decoding keeps it); nil when there is
// none.
func lastMember(members []jsondoc.Member, key string) jsondoc.Value {
	for i := len(members) - 1; i >= 0; i-- {
		if members[i].Key == key {
			return members[i].Value
		}
	}
	return nil
}

// memberKey is a member's key as decoding reads it: a byte that is not
// UTF-8 becomes U+FFFD.
func memberKey(m *jsondoc.Member) string {
	if utf8.ValidString(m.Key) {
		return m.Key
	}
	var k string
	_ = json.Unmarshal(m.RawKey, &k) // a valid JSON string
	return k
}

// anyMisspelt reports whether appendMisspelt would add a problem for one
// of the members.
func anyMisspelt(members []jsondoc.Member, known []string) bool {
	for i := range members {
		if nearMiss(memberKey(&members[i]), known) != "" {
			return true
		}
	}
	return false
}

// appendMisspelt adds a problem for every key of an object that nearly
// matches a known field, in key order (a key given twice once).
func appendMisspelt(out []FieldError, prefix string, members []jsondoc.Member, known []string) []FieldError {
	keys := make([]string, 0, len(members))
	for i := range members {
		keys = append(keys, memberKey(&members[i]))
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if meant := nearMiss(k, known); meant != "" {
			out = append(out, fieldError(prefix+k, i18n.M("design.misspelt_field", k, meant)))
		}
	}
	return out
}

// nearMiss returns the known field that key misspells, or "" when key is a
// known field (in any case, as encoding/json matches them) or not close to
// any. Close is one edit (a transposition counts as one) from a name of 4
// letters or more, two from one of 9 or more: near enough to catch
// "limit_mx" and "focal_regoin", far enough to let extra fields such as
// "title_zh" or "lot" through.
func nearMiss(key string, known []string) string {
	// Nearly every key is a known field: find it before measuring any
	// distance (a design of 1,000 samples has some 5,000 keys).
	for _, k := range known {
		if strings.EqualFold(key, k) {
			return ""
		}
	}
	best, bestDist := "", 3
	for _, k := range known {
		limit := 0
		switch {
		case len(k) >= 9:
			limit = 2
		case len(k) >= 4:
			limit = 1
		}
		if d := editDistance(strings.ToLower(key), k); d <= limit && d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Damerau–Levenshtein distance (with adjacent
// transpositions, the commonest typo) between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
