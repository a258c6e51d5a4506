package store

import (
	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// appError is an application error whose message is in the catalogue
// (catalog/*/store.json): worded at the edge in the caller's language, in
// English in Message for logs.
func appError(code, key string, args ...any) *benchmark.Error {
	msg := i18n.M(key, args...)
	return &benchmark.Error{Code: code, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
}

// stateWord is a lifecycle state as a message argument: the state's code in
// English, its name in Chinese.
func stateWord(state string) any {
	if benchmark.ValidState(state) {
		return i18n.M("store.state." + state)
	}
	return state
}
