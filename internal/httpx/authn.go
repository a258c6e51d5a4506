package httpx

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/qbench/qbench/internal/auth"
)

// ErrNoCredentials is returned by an Authenticator when the request carries
// none of the credentials it understands (the next one in a Chain may).
var ErrNoCredentials = errors.New("no credentials")

// ErrBadCredentials is returned by an Authenticator when the request's
// credentials are unknown, revoked or malformed.
var ErrBadCredentials = errors.New("invalid credentials")

// An Authenticator finds the caller of a request: ErrNoCredentials when the
// request carries none it understands, ErrBadCredentials when they are
// wrong, any other error when it could not tell (the database is down).
type Authenticator interface {
	Authenticate(r *http.Request) (auth.Actor, error)
}

// Chain tries authenticators in order; the first that finds credentials
// decides. The API uses a bearer token; the console will put its session
// cookie before it.
type Chain []Authenticator

// Authenticate implements Authenticator.
func (c Chain) Authenticate(r *http.Request) (auth.Actor, error) {
	for _, a := range c {
		actor, err := a.Authenticate(r)
		if errors.Is(err, ErrNoCredentials) {
			continue
		}
		return actor, err
	}
	return auth.Actor{}, ErrNoCredentials
}

// Bearer authenticates "Authorization: Bearer TOKEN" with Lookup, which
// returns ErrBadCredentials for a token it does not know.
type Bearer struct {
	Lookup func(ctx context.Context, token string) (auth.Actor, error)
}

// Authenticate implements Authenticator.
func (b Bearer) Authenticate(r *http.Request) (auth.Actor, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return auth.Actor{}, ErrNoCredentials
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return auth.Actor{}, ErrNoCredentials
	}
	return b.Lookup(r.Context(), strings.TrimSpace(token))
}

// Authenticate runs a on r and, when it finds the caller, returns r with
// the caller in its context (see ActorFrom). Authenticated answers are
// marked Cache-Control: no-store: they are the caller's alone, and no proxy
// or browser cache may keep them.
func Authenticate(a Authenticator, w http.ResponseWriter, r *http.Request) (*http.Request, error) {
	w.Header().Set("Cache-Control", "no-store")
	actor, err := a.Authenticate(r)
	if err != nil {
		return r, err
	}
	return r.WithContext(WithActor(r.Context(), actor)), nil
}

// Mount serves the API under /api/ and the health and metrics endpoints
// (when api answers them) beside a console at / (nil: none yet; every
// request goes to api).
func Mount(api, console http.Handler) http.Handler {
	if console == nil {
		return api
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	mux.Handle("/healthz", api)
	mux.Handle("/readyz", api)
	mux.Handle("/metrics", api)
	mux.Handle("/", console)
	return mux
}
