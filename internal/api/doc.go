// Package api is qbench's HTTP API: the only package that imports gin. Its
// routes table names, for every route, the action internal/policy decides
// on; handlers parse the request, call the use cases of internal/study (or
// the store for plain reads and writes), and answer in JSON, CSV or PDF.
// Every error is an RFC 9457 problem document worded in the request's
// language, rendered from internal/explain's explanation of it (the
// console renders the same explanation as a page). The plumbing around
// the routes — request id, log, metrics, recovery, authentication,
// hygiene — is internal/httpx's.
package api
