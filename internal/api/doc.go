// Package api is qbench's HTTP API: the only package that imports gin. It
// authenticates the caller, decides what the caller may see and do, parses
// the request, calls the store and the pure packages (lab, benchmark,
// reports), and answers in JSON, CSV or PDF; every error is an RFC 9457
// problem document. Handlers are thin: parse, check, call, respond.
package api
