// Package jsondoc works on JSON documents at the level of their bytes: it
// splits objects into members and arrays into elements without decoding the
// values, and applies RFC 7396 merge patches so that every member a patch
// does not touch keeps its exact bytes (12345678901234567891, 7.0, "<b>"
// and key order survive, where a decode and re-encode would change them).
// Records that users keep for years must come back as they were written.
//
// Every function first checks that its input is valid JSON; the scanners
// below rely on that.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Member is one member of an object: its key as written (with quotes and
// escapes), the key's text, and the value's bytes.
type Member struct {
	RawKey []byte
	Key    string
	Value  Value
}

// Value is one JSON value known to be valid: made by Parse, or a member or
// element of a Value. Walking a document through Values checks its
// validity once, not at every level.
type Value []byte

// Parse returns data as a Value; ErrInvalid when it is not one valid JSON
// value.
func Parse(data []byte) (Value, error) {
	if !json.Valid(data) {
		return nil, ErrInvalid
	}
	return Value(data), nil
}

// Kind is Kind(v).
func (v Value) Kind() byte { return Kind(v) }

// Members returns the members of an object in document order, duplicates
// included; nil when v is not an object.
func (v Value) Members() []Member { return members(v) }

// Elements returns the elements of an array; nil when v is not an array.
func (v Value) Elements() []Value { return elements(v) }

// Text returns the text of a string value (false when v is not a string).
func (v Value) Text() (string, bool) {
	if Kind(v) != '"' {
		return "", false
	}
	return unquote(bytes.TrimSpace(v)), true
}

// unquote returns the text of a valid JSON string, without decoding when
// it has no escapes (the common case).
func unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s) // valid
	return s
}

// ErrInvalid means the input is not one valid JSON value.
var ErrInvalid = errors.New("not valid JSON")

// Kind returns the first byte of a value after white space: '{', '[', '"',
// 'n', 't', 'f' or a number's first character; 0 for empty input.
func Kind(v []byte) byte {
	i := skipSpace(v, 0)
	if i >= len(v) {
		return 0
	}
	return v[i]
}

// Members returns the members of a JSON object in document order,
// duplicates included; ErrInvalid when v is not valid JSON, nil when it is
// not an object.
func Members(v []byte) ([]Member, error) {
	if !json.Valid(v) {
		return nil, ErrInvalid
	}
	return members(v), nil
}

// Elements returns the elements of a JSON array; ErrInvalid when v is not
// valid JSON, nil when it is not an array.
func Elements(v []byte) ([]Value, error) {
	if !json.Valid(v) {
		return nil, ErrInvalid
	}
	return elements(v), nil
}

// members splits a valid JSON value that is an object.
func members(v []byte) []Member {
	i := skipSpace(v, 0)
	if i >= len(v) || v[i] != '{' {
		return nil
	}
	out := []Member{}
	i = skipSpace(v, i+1)
	for i < len(v) && v[i] != '}' {
		kEnd := valueEnd(v, i)
		m := Member{RawKey: v[i:kEnd]}
		m.Key = unquote(m.RawKey)
		i = skipSpace(v, kEnd) + 1 // the colon
		i = skipSpace(v, i)
		vEnd := valueEnd(v, i)
		m.Value = v[i:vEnd]
		out = append(out, m)
		i = skipSpace(v, vEnd)
		if i < len(v) && v[i] == ',' {
			i = skipSpace(v, i+1)
		}
	}
	return out
}

// elements splits a valid JSON value that is an array.
func elements(v []byte) []Value {
	i := skipSpace(v, 0)
	if i >= len(v) || v[i] != '[' {
		return nil
	}
	out := []Value{}
	i = skipSpace(v, i+1)
	for i < len(v) && v[i] != ']' {
		end := valueEnd(v, i)
		out = append(out, v[i:end])
		i = skipSpace(v, end)
		if i < len(v) && v[i] == ',' {
			i = skipSpace(v, i+1)
		}
	}
	return out
}

func skipSpace(v []byte, i int) int {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the end of the valid JSON value that starts at i.
func valueEnd(v []byte, i int) int {
	switch v[i] {
	case '"':
		for i++; ; i++ {
			switch v[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch v[i] {
			case '"':
				i = valueEnd(v, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(v) {
		switch v[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// MergePatch applies the RFC 7396 merge patch to target and returns the
// result, compact: a null member of the patch deletes, an object member
// merges recursively, anything else replaces. Members of target that the
// patch does not touch keep their bytes and their place; new members
// follow in the patch's order. ErrInvalid (wrapped) when either is not
// valid JSON.
func MergePatch(target, patch []byte) ([]byte, error) {
	if !json.Valid(target) {
		return nil, errors.Join(ErrInvalid, errors.New("the document"))
	}
	if !json.Valid(patch) {
		return nil, errors.Join(ErrInvalid, errors.New("the patch"))
	}
	var out bytes.Buffer
	merge(&out, target, patch)
	return out.Bytes(), nil
}

// merge writes MergePatch(target, patch) of two valid values; target nil
// stands for a missing value.
func merge(out *bytes.Buffer, target, patch []byte) {
	if Kind(patch) != '{' {
		writeCompact(out, patch)
		return
	}
	pm := members(patch)
	var tm []Member
	if target != nil && Kind(target) == '{' {
		tm = members(target)
	}
	// The last occurrence of a key wins, as when decoding.
	last := make(map[string]int, len(pm))
	for i, m := range pm {
		last[m.Key] = i
	}
	used := make(map[string]bool, len(pm))
	out.WriteByte('{')
	first := true
	member := func(rawKey []byte, write func()) {
		if !first {
			out.WriteByte(',')
		}
		first = false
		out.Write(rawKey)
		out.WriteByte(':')
		write()
	}
	for _, t := range tm {
		i, patched := last[t.Key]
		if !patched {
			member(t.RawKey, func() { writeCompact(out, t.Value) })
			continue
		}
		if used[t.Key] {
			continue // a duplicate key of target: its value was merged already
		}
		used[t.Key] = true
		p := pm[i].Value
		if Kind(p) == 'n' {
			continue
		}
		member(t.RawKey, func() { merge(out, t.Value, p) })
	}
	for i, p := range pm {
		if used[p.Key] || last[p.Key] != i || Kind(p.Value) == 'n' {
			continue
		}
		used[p.Key] = true
		member(p.RawKey, func() { merge(out, nil, p.Value) })
	}
	out.WriteByte('}')
}

// writeCompact writes a valid value without insignificant white space,
// its numbers and strings byte for byte.
func writeCompact(out *bytes.Buffer, v []byte) {
	out.Write(AppendCompact(out.AvailableBuffer(), v))
}

// AppendCompact appends a valid JSON value to dst without insignificant
// white space, byte for byte what json.Compact writes. It does not check
// the value (json.Compact runs the full syntax check again, the costliest
// part of reading a large design whose validity is already known): it
// must not be given invalid JSON.
func AppendCompact(dst, v []byte) []byte {
	start := 0 // the first byte not yet copied
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '"':
			i = valueEnd(v, i) - 1 // the closing quote
		case ' ', '\t', '\n', '\r':
			dst = append(dst, v[start:i]...)
			for i+1 < len(v) && (v[i+1] == ' ' || v[i+1] == '\t' || v[i+1] == '\n' || v[i+1] == '\r') {
				i++
			}
			start = i + 1
		}
	}
	return append(dst, v[min(start, len(v)):]...)
}
