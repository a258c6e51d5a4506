package api

import (
	"strconv"
	"strings"
)

// studyETag is a study's entity tag: its code and revision, which changes
// with every change of its design, state or results.
func studyETag(code string, revision int64) string {
	return `"` + code + "-" + strconv.FormatInt(revision, 10) + `"`
}

// ifMatchRevision reads an If-Match header (RFC 9110 §13.1.1) for the
// study code: the revision its entity tag names, 0 when there is no header
// or it is "*" (any current design), -1 when no tag in it can match — a
// weak tag, another study's, a malformed one — so that the change is
// refused (412) rather than applied to a design the caller has not seen.
func ifMatchRevision(header, code string) (int64, string) {
	header = strings.TrimSpace(header)
	if header == "" || header == "*" {
		return 0, header
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		inner, ok := strings.CutPrefix(tag, `"`+code+"-")
		if !ok || !strings.HasSuffix(inner, `"`) {
			continue // weak tags never match If-Match (strong comparison)
		}
		if rev, err := strconv.ParseInt(strings.TrimSuffix(inner, `"`), 10, 64); err == nil && rev > 0 {
			return rev, header
		}
	}
	return -1, header
}
