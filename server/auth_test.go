package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// This file proves the httpbin-style auth endpoints: /basic-auth and
// /bearer answer 401 with a challenge for their scheme when credentials are
// missing or wrong (RFC 9110, 15.5.2; RFC 7617; RFC 6750, 3), 403 when the
// client is authenticated but not permitted (15.5.4; RFC 6750, 3.1), 400
// for malformed fields, and httpbin's JSON for good credentials.

// basicField is the Authorization value for user and pass (RFC 7617, 2).
func basicField(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

const wantBasicChallenge = `Basic realm="statuskit", charset="UTF-8"`

func TestBasicAuthAcceptsTheCredentialsInThePath(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path, authorization, user, role string
	}{
		{"/basic-auth/alice/s3cret", basicField("alice", "s3cret"), "alice", ""},
		// The scheme is case-insensitive (RFC 9110, 11.1) and 1*SP may
		// separate it from the credentials (11.4).
		{"/basic-auth/alice/s3cret", "basic  " + strings.TrimPrefix(basicField("alice", "s3cret"), "Basic "), "alice", ""},
		// A password may contain a colon; only the user-id may not.
		{"/basic-auth/bob/a:b", basicField("bob", "a:b"), "bob", ""},
		// UTF-8, as the challenge's charset="UTF-8" promises (RFC 7617, 2.1).
		{"/basic-auth/j%C3%BCrgen/p%C3%A4ss", basicField("jürgen", "päss"), "jürgen", ""},
		{"/basic-auth/admin/pw?role=admin", basicField("admin", "pw"), "admin", "admin"},
		{"/basic-auth/editor/pw?role=editor", basicField("editor", "pw"), "editor", "editor"},
	} {
		q := request{path: tc.path, header: hdr("Authorization", tc.authorization)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200 for the credentials in the path:\n%s", q, res.StatusCode, res.body)
			continue
		}
		var got basicAuthBody
		if err := json.Unmarshal(res.body, &got); err != nil || res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: content %q (%s, %v), want httpbin's JSON", q, res.body, res.Header.Get("Content-Type"), err)
			continue
		}
		want := basicAuthBody{Authenticated: true, Authorized: true, User: tc.user, Role: tc.role}
		if got != want {
			t.Errorf("%s: %+v, want %+v", q, got, want)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store: the content depends on the credentials", q, cc)
		}
	}
}

func TestBasicAuthWithoutValidCredentialsIs401WithABasicChallenge(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ name, authorization string }{
		{"no Authorization", ""},
		{"wrong password", basicField("alice", "guess")},
		{"wrong user", basicField("mallory", "s3cret")},
		{"user differs in case", basicField("Alice", "s3cret")},
		{"password with a trailing byte", basicField("alice", "s3cret ")},
		{"another scheme", "Bearer abc"},
		{"no credentials after the scheme", "Basic"},
		{"invalid base64", "Basic !!!notbase64"},
		{"unpadded base64", "Basic " + strings.TrimRight(base64.StdEncoding.EncodeToString([]byte("alice:s3cre")), "=")},
		{"no colon", "Basic " + base64.StdEncoding.EncodeToString([]byte("alices3cret"))},
		{"control character", "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:s3cret\x01"))},
		{"not UTF-8", "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:\xff"))},
		// Authentication comes before authorization: wrong credentials
		// are a 401 even where the role would also be missing.
		{"wrong password with a role", basicField("alice", "guess")},
	} {
		for _, path := range []string{"/basic-auth/alice/s3cret", "/basic-auth/alice/s3cret?role=admin"} {
			q := request{path: path}
			if tc.authorization != "" {
				q.header = hdr("Authorization", tc.authorization)
			}
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s (%s): status %d, want 401", q, tc.name, res.StatusCode)
				continue
			}
			// RFC 9110, 15.5.2: a 401 MUST carry a challenge, also when
			// credentials were sent and refused.
			if got := res.Header.Values("Www-Authenticate"); len(got) != 1 || got[0] != wantBasicChallenge {
				t.Errorf("%s (%s): WWW-Authenticate %q, want exactly %q (RFC 7617, 2)", q, tc.name, got, wantBasicChallenge)
			}
			if strings.Contains(string(res.body), "s3cret") {
				t.Errorf("%s (%s): the 401 content reveals the password:\n%s", q, tc.name, res.body)
			}
		}
	}
}

func TestBasicAuthWithoutTheRoleIs403NotA401(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{path: "/basic-auth/bob/pw?role=admin", header: hdr("Authorization", basicField("bob", "pw"))}
	res := send(t, noRedirects(ts), ts.URL, q)
	// RFC 9110, 15.5.4: the credentials are good but insufficient, and
	// repeating the request with them will not help, so not 401.
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("%s: status %d, want 403: bob authenticated but does not hold the admin role:\n%s", q, res.StatusCode, res.body)
	}
	if !strings.Contains(string(res.body), `"admin"`) {
		t.Errorf("%s: the 403 does not say which role was missing:\n%s", q, res.body)
	}
}

func TestHiddenBasicAuthAnswers404InsteadOf401And403(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path, authorization string
		want                int
	}{
		{"/hidden-basic-auth/alice/pw", "", http.StatusNotFound},
		{"/hidden-basic-auth/alice/pw", basicField("alice", "nope"), http.StatusNotFound},
		{"/hidden-basic-auth/alice/pw", "Basic %%%", http.StatusNotFound},
		{"/hidden-basic-auth/alice/pw?role=admin", basicField("alice", "pw"), http.StatusNotFound},
		{"/hidden-basic-auth/alice/pw", basicField("alice", "pw"), http.StatusOK},
		{"/hidden-basic-auth/admin/pw?role=admin", basicField("admin", "pw"), http.StatusOK},
	} {
		q := request{path: tc.path}
		if tc.authorization != "" {
			q.header = hdr("Authorization", tc.authorization)
		}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", q, res.StatusCode, tc.want)
		}
		if res.StatusCode == http.StatusNotFound && res.Header.Get("Www-Authenticate") != "" {
			t.Errorf("%s: a hidden resource's 404 carries WWW-Authenticate %q, which reveals it", q, res.Header.Get("Www-Authenticate"))
		}
	}
}

func TestBasicAuthRefusesBadInputWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path          string
		header        http.Header
		wantInMessage string
	}{
		{"/basic-auth/a:b/pw", nil, "colon"},
		{"/basic-auth/alice/pw?role=", nil, "?role="},
		{"/basic-auth/alice/pw?role=a+b", nil, "?role="},
		{"/basic-auth/alice/pw?role=admin&role=admin", nil, "once"},
		{"/basic-auth/alice/pw?rol=admin", nil, "role"},
		{"/basic-auth/alice/pw", http.Header{"Authorization": {basicField("alice", "pw"), basicField("alice", "pw")}}, "exactly one"},
		{"/basic-auth/alice/pw", hdr("Authorization", "@@@ xyz"), "scheme"},
	} {
		q := request{path: tc.path, header: tc.header}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.wantInMessage) {
			t.Errorf("%s: status %d, want 400 with a message mentioning %q:\n%s", q, res.StatusCode, tc.wantInMessage, res.body)
		}
	}
}

// bearerChallengeRE is RFC 6750, 3's challenge as statuskit sends it:
// the realm, then optional error, error_description and scope attributes.
var bearerChallengeRE = regexp.MustCompile(`^Bearer realm="statuskit"(, error="([a-z_]+)", error_description="([^"\\]*)")?(, scope="([^"\\]*)")?$`)

// parseBearerChallenge returns the error code and scope of a Bearer
// challenge, failing the test when it is not one.
func parseBearerChallenge(t *testing.T, q request, values []string) (errorCode, scope string) {
	t.Helper()
	if len(values) != 1 {
		t.Fatalf("%s: WWW-Authenticate %q, want exactly one Bearer challenge (RFC 6750, 3)", q, values)
	}
	m := bearerChallengeRE.FindStringSubmatch(values[0])
	if m == nil {
		t.Fatalf("%s: WWW-Authenticate %q is not a Bearer challenge with realm=\"statuskit\" (RFC 6750, 3)", q, values[0])
	}
	// RFC 6750, 3: error_description MUST stay within %x20-21 / %x23-5B /
	// %x5D-7E.
	for _, c := range []byte(m[3]) {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			t.Errorf("%s: error_description %q has %q, outside what RFC 6750, 3 allows", q, m[3], c)
		}
	}
	return m[2], m[5]
}

func TestBearerWithoutATokenIs401WithABareChallenge(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	// RFC 6750, 3: a request without authentication, or with a scheme the
	// resource does not take, gets no error code.
	for _, tc := range []struct{ path, authorization, scope string }{
		{"/bearer", "", ""},
		{"/bearer", basicField("user", "pass"), ""},
		{"/bearer", "Token abc", ""},
		{"/bearer?scope=admin", "", "admin"},
		{"/bearer?scope=read+write", "", "read write"},
	} {
		q := request{path: tc.path}
		if tc.authorization != "" {
			q.header = hdr("Authorization", tc.authorization)
		}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", q, res.StatusCode)
			continue
		}
		errorCode, scope := parseBearerChallenge(t, q, res.Header.Values("Www-Authenticate"))
		if errorCode != "" || scope != tc.scope {
			t.Errorf("%s: challenge error=%q scope=%q, want no error and scope %q (RFC 6750, 3)", q, errorCode, scope, tc.scope)
		}
	}
}

func TestBearerWithAMalformedAuthorizationIs400InvalidRequest(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, h := range []http.Header{
		hdr("Authorization", "Bearer"),
		hdr("Authorization", "Bearer two tokens"),
		hdr("Authorization", "Bearer a=b"),
		hdr("Authorization", "Bearer =abc"),
		hdr("Authorization", "Bearer abc;def"),
		hdr("Authorization", `Bearer "abc"`),
		{"Authorization": {"Bearer abc", "Bearer def"}},
	} {
		q := request{path: "/bearer", header: h}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400 (RFC 6750, 3.1 invalid_request)", q, res.StatusCode)
			continue
		}
		if errorCode, _ := parseBearerChallenge(t, q, res.Header.Values("Www-Authenticate")); errorCode != "invalid_request" {
			t.Errorf("%s: error=%q, want invalid_request (RFC 6750, 3.1)", q, errorCode)
		}
	}
}

func TestBearerWithAnExpiredOrInvalidTokenIs401InvalidToken(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, token := range []string{"expired", "expired-token.admin", "invalid", "invalid123"} {
		q := request{path: "/bearer?scope=admin", header: hdr("Authorization", "Bearer "+token)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", q, res.StatusCode)
			continue
		}
		if errorCode, _ := parseBearerChallenge(t, q, res.Header.Values("Www-Authenticate")); errorCode != "invalid_token" {
			t.Errorf("%s: error=%q, want invalid_token (RFC 6750, 3.1)", q, errorCode)
		}
	}
}

func TestBearerWithoutTheScopeIs403InsufficientScope(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, token, scope string }{
		{"/bearer?scope=admin", "abc", "admin"},
		{"/bearer?scope=admin", "notadmin", "admin"},
		{"/bearer?scope=admin", "user.Admin", "admin"},
		{"/bearer?scope=read+write", "user.read", "read write"},
	} {
		q := request{path: tc.path, header: hdr("Authorization", "Bearer "+tc.token)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403 (RFC 6750, 3.1 insufficient_scope)", q, res.StatusCode)
			continue
		}
		errorCode, scope := parseBearerChallenge(t, q, res.Header.Values("Www-Authenticate"))
		if errorCode != "insufficient_scope" || scope != tc.scope {
			t.Errorf("%s: error=%q scope=%q, want insufficient_scope and scope %q (RFC 6750, 3)", q, errorCode, scope, tc.scope)
		}
	}
}

func TestBearerAcceptsAWellFormedTokenAndEchoesIt(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, authorization, token, scope string }{
		{"/bearer", "Bearer abc", "abc", ""},
		{"/bearer", "bearer abc", "abc", ""},
		{"/bearer", "Bearer  abc", "abc", ""},
		{"/bearer", "Bearer a.b-c_d~e+f/g==", "a.b-c_d~e+f/g==", ""},
		{"/bearer?scope=admin", "Bearer user.admin", "user.admin", "admin"},
		{"/bearer?scope=admin", "Bearer admin-42", "admin-42", "admin"},
		{"/bearer?scope=read+write", "Bearer write.read", "write.read", "read write"},
	} {
		q := request{path: tc.path, header: hdr("Authorization", tc.authorization)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200:\n%s", q, res.StatusCode, res.body)
			continue
		}
		var got bearerAuthBody
		if err := json.Unmarshal(res.body, &got); err != nil {
			t.Errorf("%s: content %q is not JSON: %v", q, res.body, err)
			continue
		}
		if want := (bearerAuthBody{Authenticated: true, Token: tc.token, Scope: tc.scope}); got != want {
			t.Errorf("%s: %+v, want %+v", q, got, want)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store: the content echoes a credential", q, cc)
		}
	}
}

func TestBearerRefusesBadParametersWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, wantInMessage string }{
		{"/bearer?scope=", "?scope="},
		{"/bearer?scope=repo:read", "letters and digits"},
		{"/bearer?scope=" + strings.Repeat("a+", 16) + "a", "at most"},
		{"/bearer?access_token=abc", "Authorization"},
		{"/bearer?scope=a&scope=b", "once"},
	} {
		q := request{path: tc.path, header: hdr("Authorization", "Bearer abc")}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.wantInMessage) {
			t.Errorf("%s: status %d, want 400 with a message mentioning %q:\n%s", q, res.StatusCode, tc.wantInMessage, res.body)
		}
	}
}
