package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
)

const (
	sessionCookie = "qbench_session"
	langCookie    = "qbench_lang"
)

// langChoice is the language of a page and whether it was chosen with the
// switch (kept in a cookie) or taken from Accept-Language.
type langChoice struct {
	lang i18n.Lang
}

// langOf is the page's language: the switch's cookie, else the browser's
// Accept-Language, else Chinese.
func langOf(r *http.Request) langChoice {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return langChoice{lang: l}
		}
	}
	return langChoice{lang: httpx.Lang(r)}
}

// Sessions authenticates the console's session cookie for an
// httpx.Authenticator chain.
type Sessions struct {
	Find func(ctx context.Context, secret string) (auth.Actor, error)
}

// Authenticate implements httpx.Authenticator.
func (s Sessions) Authenticate(r *http.Request) (auth.Actor, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return auth.Actor{}, httpx.ErrNoCredentials
	}
	return s.Find(r.Context(), c.Value)
}

func (s *Server) sessions() Sessions {
	return Sessions{Find: func(ctx context.Context, secret string) (auth.Actor, error) {
		tok, err := s.store.FindSession(ctx, secret)
		if benchmark.ErrorCode(err) == benchmark.ENOTFOUND {
			return auth.Actor{}, httpx.ErrBadCredentials
		}
		if err != nil {
			return auth.Actor{}, err
		}
		return tok.Actor(), nil
	}}
}

// session runs h for a request with a live session; any other request is
// sent to /login (htmx requests by HX-Redirect, so that the whole page
// goes, not a fragment of it).
func (s *Server) session(h func(w http.ResponseWriter, r *http.Request, c *call)) http.Handler {
	authn := s.sessions()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := httpx.Authenticate(authn, w, r)
		if err != nil {
			if !errors.Is(err, httpx.ErrNoCredentials) && !errors.Is(err, httpx.ErrBadCredentials) {
				s.fail(w, r, &call{lang: langOf(r)}, err)
				return
			}
			if errors.Is(err, httpx.ErrBadCredentials) {
				http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
			}
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			if r.Header.Get("HX-Request") != "" {
				w.Header().Set("HX-Redirect", target)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		actor, _ := httpx.ActorFrom(r.Context())
		h(w, r, &call{actor: actor, lang: langOf(r)})
	})
}

// cookie makes one of the console's cookies: HttpOnly (no script reads
// it), SameSite=Lax (not sent on cross-site POSTs), Secure on TLS.
func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.cfg.SecureCookie}
}

// safeNext keeps a redirect target inside the console: a path, never
// another host ("//evil", "/\evil").
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.HasPrefix(next, "/login") {
		return "/studies"
	}
	return next
}

type loginData struct {
	Next  string
	Error i18n.Message
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	// A browser with a live session has nothing to do here.
	if _, err := s.sessions().Authenticate(r); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, &call{lang: langOf(r)}, http.StatusOK, "login", "console.login.title",
		loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the token of the form field "token" and opens a session
// acting with it. A wrong token is answered like a revoked one.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	c := &call{lang: langOf(r)}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, c, err)
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	token := strings.TrimSpace(r.PostForm.Get("token"))
	tok, err := s.store.FindTokenBySecret(r.Context(), token)
	if token == "" || benchmark.ErrorCode(err) == benchmark.ENOTFOUND {
		s.render(w, r, c, http.StatusUnauthorized, "login", "console.login.title",
			loginData{Next: next, Error: i18n.M("console.login.bad_token")})
		return
	}
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	secret, err := auth.NewToken()
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if err := s.store.CreateSession(r.Context(), secret, tok.ID, s.cfg.SessionTTL); err != nil {
		s.fail(w, r, c, err)
		return
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, secret, int(s.cfg.SessionTTL.Seconds())))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logout ends the session in the database (a copy of the cookie opens
// nothing afterwards) and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *call) {
	if ck, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.EndSession(r.Context(), ck.Value); err != nil {
			s.fail(w, r, c, err)
			return
		}
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang is the 中文/English switch: it keeps the choice in a cookie for
// a year and goes back where it was asked from. A preference, not data:
// a GET may set it.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.SetCookie(w, s.cookie(r, langCookie, string(l), 365*24*3600))
	next := r.URL.Query().Get("next")
	if strings.HasPrefix(next, "/login") && !strings.HasPrefix(next, "//") {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}
