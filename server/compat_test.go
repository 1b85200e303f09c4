package server

import (
	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	samplerep "github.com/statuskit/statuskit/sample"
	"github.com/statuskit/statuskit/status"
)

// Names the tests use for things that moved out of this package.
var (
	truncate        = param.Clip
	isDigits        = param.Digits
	allMethods      = reply.AllMethods
	standardMethods = reply.StandardMethods
)

// The httpbin endpoints' JSON shapes, as a client decodes them.
type basicAuthBody struct {
	Authenticated bool   `json:"authenticated"`
	Authorized    bool   `json:"authorized"`
	User          string `json:"user"`
	Role          string `json:"role,omitempty"`
}

type bearerAuthBody struct {
	Authenticated bool   `json:"authenticated"`
	Token         string `json:"token"`
	Scope         string `json:"scope,omitempty"`
}

type validatorsBody struct {
	ETag         string `json:"etag"`
	LastModified string `json:"last_modified,omitempty"`
	CacheControl string `json:"cache_control,omitempty"`
	Message      string `json:"message"`
}

// jobBody is a job's JSON status.
type jobBody struct {
	ID        string `json:"id"`
	State     string `json:"state"`
	Result    int    `json:"result"`
	Created   string `json:"created"`
	DoneAt    string `json:"done_at"`
	ExpiresAt string `json:"expires_at"`
	Monitor   string `json:"monitor"`
	ResultURL string `json:"result_url"`
	Message   string `json:"message"`
}

// batchResult is one member of a POST /resources 207.
type batchResult struct {
	Index   int    `json:"index"`
	Href    string `json:"href,omitempty"`
	Status  int    `json:"status"`
	ETag    string `json:"etag,omitempty"`
	Message string `json:"message,omitempty"`
}

// maxETagLength bounds /etag/{etag}.
const maxETagLength = 256

// The sample representation's validators.
const (
	representationETag = samplerep.ETag
	rangeLastModified  = samplerep.LastModified
)

var hasToken = field.HasToken

// loginPath is where /511 sends people to sign in to the network.
const loginPath = "/200?id=login"

// statusBody is the JSON of a status response as a client decodes it:
// status.Code's JSON form plus statuskit's message.
type statusBody struct {
	Code        int         `json:"code"`
	Phrase      string      `json:"phrase"`
	Class       string      `json:"class"`
	Standing    string      `json:"standing"`
	Summary     string      `json:"summary"`
	Description string      `json:"description"`
	Spec        status.Spec `json:"spec"`
	Message     string      `json:"message,omitempty"`
}
