package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// TestMergePatch covers RFC 7396's examples (appendix A) and the bytes that
// must survive: big integers, 7.0, "<b>", escapes and key order.
func TestMergePatch(t *testing.T) {
	for _, tc := range []struct{ target, patch, want string }{
		// RFC 7396, appendix A.
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
		// Untouched members keep their bytes and places.
		{`{"big":12345678901234567891,"f":7.0,"h":"<b>","u":"\u00e9","z":1,"a":2}`, `{"z":3}`,
			`{"big":12345678901234567891,"f":7.0,"h":"<b>","u":"\u00e9","z":3,"a":2}`},
		{`{"n":{"x":1.50,"y":[1e3, 2]},"k":"v"}`, `{"n":{"y":null,"w":-0}}`, `{"n":{"x":1.50,"w":-0},"k":"v"}`},
		// White space of the target outside untouched values goes; of the patch too.
		{" { \"a\" : [ 1 , 2 ] , \"b\" : 1 } ", `{ "b" : { "c" : "d e" } }`, `{"a":[1,2],"b":{"c":"d e"}}`},
		// Keys are compared by their text, written as the target wrote them.
		{`{"\u0061":1}`, `{"a":2}`, `{"\u0061":2}`},
		// The last of duplicate patch keys wins, as when decoding.
		{`{"a":1}`, `{"a":2,"a":null}`, `{}`},
	} {
		got, err := MergePatch([]byte(tc.target), []byte(tc.patch))
		if err != nil {
			t.Errorf("MergePatch(%s, %s): %v", tc.target, tc.patch, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("MergePatch(%s, %s) = %s, want %s", tc.target, tc.patch, got, tc.want)
		}
	}
}

func TestMergePatchRefusesInvalidJSON(t *testing.T) {
	for _, tc := range [][2]string{{`{"a":`, `{}`}, {`{}`, `{"a"}`}, {``, `{}`}, {`{}`, `{} {}`}} {
		if _, err := MergePatch([]byte(tc[0]), []byte(tc[1])); !errors.Is(err, ErrInvalid) {
			t.Errorf("MergePatch(%q, %q) = %v, want ErrInvalid", tc[0], tc[1], err)
		}
	}
}

func TestMembersAndElements(t *testing.T) {
	ms, err := Members([]byte(` {"a" : 1, "a":[2, {"b":"}"}], "\"q" :"x"} `))
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, m := range ms {
		got = append(got, [2]string{m.Key, string(m.Value)})
	}
	want := [][2]string{{"a", "1"}, {"a", `[2, {"b":"}"}]`}, {`"q`, `"x"`}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Members = %q, want %q", got, want)
	}
	if string(ms[2].RawKey) != `"\"q"` {
		t.Errorf("raw key = %s", ms[2].RawKey)
	}
	els, err := Elements([]byte(`[ 1, "a,b" ,{"c":[]} ,null]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(els) != 4 || string(els[1]) != `"a,b"` || string(els[2]) != `{"c":[]}` || string(els[3]) != "null" {
		t.Errorf("Elements = %q", els)
	}
	if ms, _ := Members([]byte(`[1]`)); ms != nil {
		t.Errorf("Members of an array = %q, want nil", ms)
	}
	if ms, _ := Members([]byte(`{}`)); ms == nil || len(ms) != 0 {
		t.Errorf("Members of {} = %#v, want empty", ms)
	}
}

// FuzzMergePatch checks MergePatch against a merge of decoded values (the
// RFC's pseudo-code) and that untouched members keep their bytes.
// TestAppendCompact: the same bytes as json.Compact, which checks the
// syntax as it goes, for values already known to be valid.
func TestAppendCompact(t *testing.T) {
	for _, v := range []string{
		``, `1`, ` 1 `, "\t{ \"a\" :\r\n [1, 2.5e-3 ,\"x y\"] }\n",
		`"a \" b"`, `"\\"`, `{"a\\":" \\\" "}`, `[ ]`, ` { } `, `"\u2028<>&"`,
		"{\"title\": \"合成 质量\",  \"n\": [ true , false,null ] }",
	} {
		var want bytes.Buffer
		if v != "" {
			if err := json.Compact(&want, []byte(v)); err != nil {
				t.Fatalf("json.Compact(%q): %v", v, err)
			}
		}
		if got := AppendCompact([]byte("prefix"), []byte(v)); string(got) != "prefix"+want.String() {
			t.Errorf("AppendCompact(%q) = %q, want %q", v, got[len("prefix"):], want.String())
		}
	}
}

func FuzzMergePatch(f *testing.F) {
	f.Add([]byte(`{"a":{"b":1.0,"c":[1]},"d":"<b>"}`), []byte(`{"a":{"b":null,"e":{"f":null}},"g":12345678901234567891}`))
	f.Add([]byte(`{"a":"b"}`), []byte(`["c"]`))
	f.Add([]byte(`[]`), []byte(`{"a":{"b":null}}`))
	f.Add([]byte(`{"\u00e9":1}`), []byte(`{"é":2}`))
	f.Fuzz(func(t *testing.T, target, patch []byte) {
		got, err := MergePatch(target, patch)
		if !json.Valid(target) || !json.Valid(patch) {
			if err == nil {
				t.Fatalf("MergePatch(%q, %q) accepted invalid JSON", target, patch)
			}
			return
		}
		if err != nil {
			t.Fatalf("MergePatch(%q, %q): %v", target, patch, err)
		}
		for _, v := range [][]byte{target, patch} {
			var want bytes.Buffer
			_ = json.Compact(&want, v)
			if got := AppendCompact(nil, v); !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("AppendCompact(%q) = %q, json.Compact gives %q", v, got, want.Bytes())
			}
		}
		if !json.Valid(got) {
			t.Fatalf("MergePatch(%q, %q) = %q, not JSON", target, patch, got)
		}
		if hasDuplicates(target) || hasDuplicates(patch) {
			return // decoding keeps the last of them; the reference below cannot tell
		}
		want := mergeValues(decode(t, target), decode(t, patch))
		if g := decode(t, got); !reflect.DeepEqual(g, want) {
			t.Fatalf("MergePatch(%q, %q) = %s, want %v", target, patch, got, want)
		}
		if Kind(patch) != '{' || Kind(target) != '{' {
			return
		}
		touched := map[string]bool{}
		for _, m := range members(patch) {
			touched[m.Key] = true
		}
		out := members(got)
		for _, m := range members(target) {
			if touched[m.Key] {
				continue
			}
			var c bytes.Buffer
			_ = json.Compact(&c, m.Value)
			found := false
			for _, o := range out {
				if o.Key == m.Key && bytes.Equal(o.Value, c.Bytes()) && bytes.Equal(o.RawKey, m.RawKey) {
					found = true
				}
			}
			if !found {
				t.Fatalf("MergePatch(%q, %q) = %s lost the bytes of %s", target, patch, got, m.RawKey)
			}
		}
	})
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return v
}

// mergeValues is RFC 7396's MergePatch on decoded values.
func mergeValues(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
		} else {
			t[k] = mergeValues(t[k], v)
		}
	}
	return t
}

// hasDuplicates reports whether any object of a valid value repeats a key.
func hasDuplicates(v []byte) bool {
	switch Kind(v) {
	case '{':
		seen := map[string]bool{}
		for _, m := range members(v) {
			if seen[m.Key] || hasDuplicates(m.Value) {
				return true
			}
			seen[m.Key] = true
		}
	case '[':
		for _, e := range elements(v) {
			if hasDuplicates(e) {
				return true
			}
		}
	}
	return false
}
