package httpbin

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"net/http"
	"strings"
	"unicode/utf8"
)

// authorizationField is a request's Authorization field split into its
// auth-scheme and what follows (RFC 9110, 11.4).
type authorizationField struct {
	scheme      string
	credentials string
}

// readAuthorization returns the request's Authorization field; present is
// false when there is none. err (answered with 400) reports a field that is
// not credentials at all: several Authorization fields, which is ambiguous
// for a singleton field, or one that does not start with a scheme.
func readAuthorization(r *http.Request) (f authorizationField, present bool, err error) {
	values := r.Header.Values("Authorization")
	switch len(values) {
	case 0:
		return f, false, nil
	case 1:
	default:
		return f, true, param.Errorf("the request has %d Authorization fields; send exactly one (RFC 9110, 5.3: Authorization is not a list)", len(values))
	}
	scheme, rest, _ := strings.Cut(values[0], " ")
	if !field.IsToken(scheme) {
		return f, true, param.Errorf("the Authorization field does not start with an authentication scheme (RFC 9110, 11.6.2); send e.g. Authorization: Basic dXNlcjpwYXNz")
	}
	// 1*SP separates the scheme from the credentials (RFC 9110, 11.4).
	return authorizationField{scheme, strings.TrimLeft(rest, " ")}, true, nil
}

// secretEqual compares in time independent of where the inputs differ and
// of their lengths (hashing first hides the length, which
// subtle.ConstantTimeCompare alone would leak).
func secretEqual(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// validName reports whether s can name a role: 1 to 64 letters, digits,
// '-' or '_'.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// basicAuthBody is httpbin's answer to good credentials; "authorized" is
// go-httpbin's older name for "authenticated", kept so either client
// parses it.
type basicAuthBody struct {
	Authenticated bool   `json:"authenticated"`
	Authorized    bool   `json:"authorized"`
	User          string `json:"user"`
	Role          string `json:"role,omitempty"`
}

// BasicAuth serves /basic-auth/{user}/{pass}: HTTP Basic
// authentication (RFC 7617) with the expected user-id and password in the
// path. Missing or wrong credentials get 401 with a Basic challenge (RFC
// 9110, 15.5.2). With ?role=R the resource also requires role R, which
// only the user named R holds; any other user who authenticated correctly
// gets 403, because sending the same credentials again cannot help (RFC
// 9110, 15.5.4).
//
// hidden is /hidden-basic-auth/{user}/{pass}, which answers 404 instead of
// 401 and 403, as an origin that hides a protected resource may (15.5.4).
func (e *Endpoints) BasicAuth(hidden bool) reply.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := query(r, "role")
		if err != nil {
			return err
		}
		user, pass := r.PathValue("user"), r.PathValue("pass")
		if strings.Contains(user, ":") {
			prefix := reply.Base(r) + "/basic-auth/"
			if hidden {
				prefix = reply.Base(r) + "/hidden-basic-auth/"
			}
			return param.Errorf("the user-id %q contains a colon, which Basic credentials cannot carry (RFC 7617, 2: user-id:password); choose a user-id without one, e.g. %salice/secret (the password may hold colons: %salice/se:cret)",
				param.Clip(user, 40), prefix, prefix)
		}
		role := q.Get("role")
		if q.Has("role") && !validName(role) {
			return param.Errorf("?role=%q must name a role: 1 to 64 letters, digits, - or _, e.g. ?role=admin", param.Clip(role, 40))
		}
		refuse := func(err *reply.Error) error {
			if hidden {
				return e.cfg.NotFound(r)
			}
			return err
		}
		// 401 MUST carry a challenge, also when credentials were sent and
		// refused (RFC 9110, 15.5.2).
		unauthorized := func(msg string) error {
			return refuse(&reply.Error{Status: http.StatusUnauthorized, Message: msg,
				Fields: []reply.Field{{Name: "Www-Authenticate", Value: basicChallenge}}})
		}
		f, present, err := readAuthorization(r)
		switch {
		case err != nil && hidden:
			return e.cfg.NotFound(r)
		case err != nil:
			return err
		case !present:
			return unauthorized("this resource needs HTTP Basic credentials (RFC 7617): send Authorization: Basic followed by base64 of user-id:password, e.g. curl -u user:password")
		case !strings.EqualFold(f.scheme, "Basic"):
			return unauthorized(fmt.Sprintf(
				"the Authorization field uses the %s scheme, but this resource takes Basic (RFC 7617): send Authorization: Basic followed by base64 of user-id:password", param.Clip(f.scheme, 20)))
		}
		gotUser, gotPass, problem := decodeBasic(f.credentials)
		if problem != "" {
			return unauthorized(problem)
		}
		// Both comparisons run whatever the first one found.
		userOK, passOK := secretEqual(gotUser, user), secretEqual(gotPass, pass)
		if !userOK || !passOK {
			return unauthorized(fmt.Sprintf(
				"the credentials for user-id %q are not the user-id and password this URL expects (%s/basic-auth/{user}/{pass}); send those", param.Clip(gotUser, 40), reply.Base(r)))
		}
		if role != "" && user != role {
			return refuse(reply.Errorf(http.StatusForbidden,
				"user %q is authenticated but does not hold the %q role that ?role=%s requires (only the user named %q does); the same credentials will not help (RFC 9110, 15.5.4)",
				param.Clip(user, 40), role, role, role))
		}
		// The content depends on the credentials: keep it out of every
		// cache, private ones included.
		w.Header().Set("Cache-Control", "no-store")
		return reply.WriteJSON(w, r, http.StatusOK, basicAuthBody{Authenticated: true, Authorized: true, User: user, Role: role})
	}
}

// decodeBasic reads Basic credentials (RFC 7617, 2); problem says what is
// wrong with malformed ones.
func decodeBasic(credentials string) (user, pass, problem string) {
	const want = "send Authorization: Basic followed by base64 of user-id:password, e.g. Basic dXNlcjpwYXNz for user:pass"
	raw, err := base64.StdEncoding.DecodeString(credentials)
	if err != nil || credentials == "" {
		return "", "", "the Basic credentials are not valid base64 (RFC 4648, 4, with padding); " + want
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", "", "the decoded Basic credentials have no colon between user-id and password; " + want
	}
	if !utf8.Valid(raw) || strings.ContainsFunc(string(raw), func(c rune) bool { return c < ' ' || c == 0x7f }) {
		return "", "", `the decoded Basic credentials are not UTF-8 text without control characters (RFC 7617, 2 and the challenge's charset="UTF-8"); ` + want
	}
	return user, pass, ""
}

// maxScopes bounds ?scope= lists.
const maxScopes = 16

// parseScopes reads ?scope=, a space-separated list as in OAuth (RFC 6749,
// 3.3); every scope must be letters and digits so that it can appear as a
// part of a token (see tokenHasScope).
func parseScopes(v string, given bool) ([]string, error) {
	if !given {
		return nil, nil
	}
	scopes := strings.Fields(v)
	if len(scopes) == 0 {
		return nil, param.Errorf("?scope= is empty; name the scope(s) the token must carry, e.g. ?scope=admin or ?scope=read+write")
	}
	if len(scopes) > maxScopes {
		return nil, param.Errorf("?scope= lists %d scopes; at most %d", len(scopes), maxScopes)
	}
	for _, sc := range scopes {
		if len(sc) > 64 || strings.Trim(sc, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			return nil, param.Errorf("scope %q in ?scope= must be 1 to 64 letters and digits, e.g. ?scope=admin", param.Clip(sc, 40))
		}
	}
	return scopes, nil
}

// isB64Token reports whether s is an RFC 6750, 2.1 b64token:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	i := 0
	for i < len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~+/", c) >= 0) {
			break
		}
		i++
	}
	if i == 0 {
		return false
	}
	for i < len(s) && s[i] == '=' {
		i++
	}
	return i == len(s)
}

// tokenParts splits a bearer token at its punctuation (- . _ ~ + / =).
func tokenParts(token string) []string {
	return strings.FieldsFunc(token, func(c rune) bool { return strings.ContainsRune("-._~+/=", c) })
}

// tokenHasScope is statuskit's documented, deterministic stand-in for
// token introspection: a token carries a scope when one of its parts is
// the scope's name, so "user.admin" and "admin-42" carry admin, "notadmin"
// does not.
func tokenHasScope(token, scope string) bool {
	for _, p := range tokenParts(token) {
		if p == scope {
			return true
		}
	}
	return false
}

// rejectedToken reports the RFC 6750 invalid_token cases: statuskit treats
// tokens starting with "expired" or "invalid" as such, so clients can test
// their refresh logic.
func rejectedToken(token string) (description string, rejected bool) {
	switch {
	case strings.HasPrefix(token, "expired"):
		return "The access token expired", true
	case strings.HasPrefix(token, "invalid"):
		return "The access token is invalid", true
	}
	return "", false
}

// bearerAuthBody is httpbin's answer to a good token.
type bearerAuthBody struct {
	Authenticated bool   `json:"authenticated"`
	Token         string `json:"token"`
	Scope         string `json:"scope,omitempty"`
}

// Bearer serves /bearer: bearer-token authentication (RFC 6750).
// Without a token, 401 with a bare Bearer challenge (3: no error code when
// the request has no authentication); a malformed Authorization field, 400
// with error="invalid_request"; a token starting with "expired" or
// "invalid", 401 with error="invalid_token"; with ?scope=, a token missing
// one of the scopes, 403 with error="insufficient_scope" and the scope
// (3.1). Any other token is accepted and echoed, as httpbin does.
func (e *Endpoints) Bearer(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "scope")
	if err != nil {
		return err
	}
	scopes, err := parseScopes(q.Get("scope"), q.Has("scope"))
	if err != nil {
		return err
	}
	scope := strings.Join(scopes, " ")
	f, present, err := readAuthorization(r)
	switch {
	case err != nil:
		return bearerRefusal(http.StatusBadRequest, "invalid_request", "Send exactly one Authorization field", scope, err.Error())
	case !present:
		return bearerRefusal(http.StatusUnauthorized, "", "", scope,
			"this resource needs a bearer token (RFC 6750): send Authorization: Bearer <token>, e.g. curl -H 'Authorization: Bearer my-token'")
	case !strings.EqualFold(f.scheme, "Bearer"):
		// An unsupported scheme counts as no authentication: no error
		// code (RFC 6750, 3).
		return bearerRefusal(http.StatusUnauthorized, "", "", scope, fmt.Sprintf(
			"the Authorization field uses the %s scheme, but this resource takes Bearer tokens (RFC 6750): send Authorization: Bearer <token>", param.Clip(f.scheme, 20)))
	case !isB64Token(f.credentials):
		return bearerRefusal(http.StatusBadRequest, "invalid_request", "The Bearer credentials must be one b64token", scope,
			"the Bearer credentials must be exactly one token of letters, digits and - . _ ~ + / optionally followed by = (RFC 6750, 2.1), e.g. Authorization: Bearer my-token")
	}
	token := f.credentials
	if desc, rejected := rejectedToken(token); rejected {
		return bearerRefusal(http.StatusUnauthorized, "invalid_token", desc, scope,
			"statuskit rejects tokens that start with \"expired\" or \"invalid\" (RFC 6750, 3.1 invalid_token), so clients can test refreshing them; send any other token")
	}
	for _, sc := range scopes {
		if !tokenHasScope(token, sc) {
			return bearerRefusal(http.StatusForbidden, "insufficient_scope", "The access token lacks a required scope", scope, fmt.Sprintf(
				"the token does not carry the %q scope that ?scope=%s requires: a token carries a scope when one of its parts (split at - . _ ~ + / =) is the scope's name, e.g. Bearer user.%s (RFC 6750, 3.1 insufficient_scope)",
				sc, scope, sc))
		}
	}
	// The content echoes a credential: keep it out of every cache.
	w.Header().Set("Cache-Control", "no-store")
	return reply.WriteJSON(w, r, http.StatusOK, bearerAuthBody{Authenticated: true, Token: token, Scope: scope})
}

// bearerRefusal answers with number and a Bearer challenge carrying the
// RFC 6750, 3 attributes: error and error_description when errorCode is
// set (description must stay within %x20-21 / %x23-5B / %x5D-7E, so it is
// always one of the fixed sentences above), and scope when the resource
// requires one.
func bearerRefusal(number int, errorCode, description, scope, message string) error {
	challenge := bearerChallenge
	if errorCode != "" {
		challenge += `, error="` + errorCode + `", error_description="` + description + `"`
	}
	if scope != "" {
		challenge += `, scope="` + scope + `"`
	}
	return &reply.Error{Status: number, Message: message, Fields: []reply.Field{{Name: "Www-Authenticate", Value: challenge}}}
}

// The challenges of /basic-auth and /bearer (RFC 7617, 2 and RFC 6750, 3):
// each sends the one scheme it takes.
const (
	basicChallenge  = `Basic realm="statuskit", charset="UTF-8"`
	bearerChallenge = `Bearer realm="statuskit"`
)
