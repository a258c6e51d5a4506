// Package httpx is qbench's HTTP plumbing, apart from any front end's
// routes: a request id, a structured log line and metrics per request,
// recovery from panics, hygiene headers, refusal of paths and queries that
// are not valid text, the caller's language, and authentication that puts
// the caller (auth.Actor) in the request context. It is plain net/http:
// the API's router (gin, in internal/api) and the console's sit inside it,
// side by side (Mount).
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
)

// HeaderRequestID carries the request id, from the client (when short and
// plain) or drawn by the server, and back in the response.
const HeaderRequestID = "X-Request-ID"

// StatusClientClosed is the status logged and counted for a request whose
// client went away before the answer (nginx's 499): neither the server's
// fault (5xx) nor an answer the client saw.
const StatusClientClosed = 499

// Metrics receives one observation per request, under the route's
// template, never its raw path (which holds study codes).
type Metrics interface {
	ObserveRequest(route, method string, status int, d time.Duration)
}

// Info is what the plumbing knows of a request, shared with the handlers
// inside it through the request context: they name the route, the caller
// and the errors that the log line should show.
type Info struct {
	RequestID string
	Lang      i18n.Lang

	mu     sync.Mutex
	route  string
	actor  auth.Actor
	errors []error
}

type infoKey struct{}

// InfoFrom returns the request's Info (an empty one outside the plumbing,
// e.g. in a handler test).
func InfoFrom(ctx context.Context) *Info {
	if in, ok := ctx.Value(infoKey{}).(*Info); ok {
		return in
	}
	return &Info{Lang: i18n.Default}
}

// SetRoute names the request's route by its template ("/api/v1/studies/:code").
func (in *Info) SetRoute(route string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.route = route
}

// Route returns the route's template ("" before routing).
func (in *Info) Route() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.route
}

// AddError records an error for the request's log line.
func (in *Info) AddError(err error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.errors = append(in.errors, err)
}

func (in *Info) setActor(a auth.Actor) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.actor = a
}

// WithActor returns ctx carrying the authenticated caller.
func WithActor(ctx context.Context, a auth.Actor) context.Context {
	InfoFrom(ctx).setActor(a)
	return context.WithValue(ctx, actorKey{}, a)
}

type actorKey struct{}

// ActorFrom returns the authenticated caller of the request, and false when
// there is none.
func ActorFrom(ctx context.Context) (auth.Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(auth.Actor)
	return a, ok
}

// Options configure the plumbing.
type Options struct {
	Logger  *slog.Logger
	Metrics Metrics // nil: none
}

// clientRequestID accepts a caller's request id only if it is short and
// plain, so that it cannot forge log lines.
var clientRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Wrap returns h inside the plumbing: request id, hygiene headers, the
// caller's language, the log line and metrics, recovery, HEAD on GET routes
// and the refusal of paths and queries that are not valid text.
func Wrap(h http.Handler, opts Options) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	inner := recoverPanic(validText(headAsGet(h)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(HeaderRequestID)
		if !clientRequestID.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		in := &Info{RequestID: id, Lang: Lang(r)}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, in))
		w.Header().Set(HeaderRequestID, id)
		noSniff(w)
		rec := &recorder{ResponseWriter: w}
		inner.ServeHTTP(rec, r)
		logRequest(r, in, rec, time.Since(start), opts)
	})
}

// noSniff forbids browsers to sniff a response into another type than the
// declared one (a CSV export read as HTML would run a cell's script).
func noSniff(w http.ResponseWriter) { w.Header().Set("X-Content-Type-Options", "nosniff") }

// NoSniff is the hygiene header alone, for listeners outside the
// plumbing (the separate metrics address).
func NoSniff(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noSniff(w)
		h.ServeHTTP(w, r)
	})
}

func logRequest(r *http.Request, in *Info, rec *recorder, d time.Duration, opts Options) {
	route := in.Route()
	if route == "" {
		route = "unmatched"
	}
	status := rec.Status()
	msg, level := "request", slog.LevelInfo
	if errors.Is(r.Context().Err(), context.Canceled) {
		// The client went away: whatever the handler answered, nobody read
		// it, and it is no failure of the server.
		status, msg = StatusClientClosed, "request cancelled by the client"
	} else if status >= 500 {
		level = slog.LevelError
	}
	if opts.Metrics != nil {
		opts.Metrics.ObserveRequest(route, r.Method, status, d)
	}
	attrs := []slog.Attr{
		slog.String("request_id", in.RequestID), slog.String("method", r.Method), slog.String("route", route),
		slog.Int("status", status), slog.Duration("duration", d), slog.Int("bytes", rec.size),
	}
	in.mu.Lock()
	actor, errs := in.actor, in.errors
	in.mu.Unlock()
	if actor.Name != "" {
		attrs = append(attrs, slog.String("actor", actor.Name), slog.String("role", actor.Role))
	}
	if len(errs) > 0 {
		parts := make([]string, len(errs))
		for i, e := range errs {
			parts[i] = e.Error()
		}
		attrs = append(attrs, slog.String("error", strings.Join(parts, "; ")))
	}
	opts.Logger.LogAttrs(r.Context(), level, msg, attrs...)
}

// recoverPanic turns a panic into a logged 500 problem: one bad request
// must not take the server down.
func recoverPanic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				InfoFrom(r.Context()).AddError(fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
				if rec, ok := w.(*recorder); !ok || !rec.wrote {
					WriteProblem(w, r, Problem{Type: TypeInternal, Status: http.StatusInternalServerError,
						Detail: Word(r, i18n.M("httpx.internal"))})
				}
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// Lang is the language to answer r in: Chinese when the request names no
// language or prefers Chinese, English when it prefers English or names
// only languages qbench does not have (a foreign reader is likelier to read
// English than Chinese).
func Lang(r *http.Request) i18n.Lang {
	h := strings.TrimSpace(r.Header.Get("Accept-Language"))
	if h == "" {
		return i18n.Default
	}
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if _, ok := i18n.Parse(tag); ok && q > 0 {
			return i18n.FromAcceptLanguage(h)
		}
	}
	return i18n.EN
}

// Word words m in the request's language.
func Word(r *http.Request, m i18n.Message) string {
	return i18n.For(InfoFrom(r.Context()).Lang).Message(m)
}

// recorder remembers the status and size of the answer.
type recorder struct {
	http.ResponseWriter
	status int
	size   int
	wrote  bool
}

func (w *recorder) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

// Status is the status answered (200 when the handler wrote nothing).
func (w *recorder) Status() int {
	if !w.wrote {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes a flush on.
func (w *recorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
