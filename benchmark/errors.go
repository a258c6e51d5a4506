package benchmark

import (
	"errors"
	"fmt"
	"github.com/qbench/qbench/internal/i18n"
)

// Error codes of qbench's application errors. The HTTP layer maps each to
// one status and problem type; the CLI prints the message.
const (
	ENOTFOUND    = "not_found"   // the thing does not exist (or the caller may not see it)
	ECONFLICT    = "conflict"    // it exists already, or the study's state forbids the change
	EINVALID     = "invalid"     // the input breaks a rule
	EFORBIDDEN   = "forbidden"   // the caller's role may not do this
	EUNAVAILABLE = "unavailable" // a dependency (the database) cannot be reached
	EINTERNAL    = "internal"    // a bug or an unexpected failure
)

// ESTALE means the caller changed a thing from an out-of-date view of it
// (an If-Match that no longer holds): a 412, never a lost update.
const ESTALE = "stale"

// Error is an application error with a code and a message fit for the user.
type Error struct {
	Code    string
	Message string
	// Msg is the message in the catalogue, worded at the edge in the
	// caller's language; Message is its English wording. Zero while the
	// message is not yet in the catalogue: the edge then shows Message.
	Msg i18n.Message
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// invalid returns an EINVALID *Error worded by the catalogue message key
// (args as the message takes them): Msg for the edge, Message in English.
func invalid(key string, args ...any) *Error {
	msg := i18n.M(key, args...)
	return &Error{Code: EINVALID, Message: i18n.For(i18n.EN).Message(msg), Msg: msg}
}

// ErrorCode returns the code of the first *Error in err's chain, EINVALID for
// validation errors, and EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	var v *ValidationError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.As(err, &v):
		return EINVALID
	}
	return EINTERNAL
}
