package status

// The registry is data, not code. The server, the CLI and the web reference
// all read their protocol facts (which headers a code requires, whether it
// may carry content, how a client should retry) from this one table instead
// of branching on numbers, so a fact is written once and checked once: the
// tests compare the table with the IANA registry in testdata/ and with the
// requirement levels the RFCs state.
//
// The table holds every code IANA registers (Standing Official, Deprecated,
// Unused or Historic) and the unofficial codes widely deployed software
// sends (Standing Unofficial, with Origin naming the software). It is in
// ascending numeric order, one entry per number.

// internetDraft points at an Internet-Draft on the IETF datatracker, for the
// rare registration (104) that references a draft rather than an RFC.
func internetDraft(name string) Spec {
	return Spec{Title: name, URL: "https://datatracker.ietf.org/doc/html/" + name}
}

// Vendor documents shared by several unofficial codes.
var (
	specCloudflare5xx = vendor("Cloudflare documentation: Cloudflare 5xx errors",
		"https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/")
	specAWSLoadBalancer = vendor("AWS documentation: Troubleshoot your Application Load Balancers",
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#load-balancer-http-error-codes")
	specNginxSSLErrors = vendor("nginx documentation: ngx_http_ssl_module, Error processing",
		"https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors")
	specNginxRequestH = vendor("nginx source: src/http/ngx_http_request.h",
		"https://github.com/nginx/nginx/blob/master/src/http/ngx_http_request.h")
	specEsriErrors = vendor("ArcGIS REST JS documentation: Error handling",
		"https://developers.arcgis.com/arcgis-rest-js/error-handling")
	specNoDefinition = vendor("No defining document; RFC 9110, 15 governs unrecognised codes",
		"https://www.rfc-editor.org/rfc/rfc9110.html#section-15")
)

// getHead is the Methods of the codes that only a GET (and so HEAD) can
// produce.
var getHead = []string{"GET", "HEAD"}

var registry = []Code{
	// ---- 1xx Informational -------------------------------------------------
	{
		Number:   100,
		Phrase:   "Continue",
		Standing: Official,
		Summary:  "The server has received the request header and has not rejected it, so the client should go on and send the content.",
		Description: "100 exists for the Expect: 100-continue handshake (RFC 9110, 10.1.1): a client about to upload a large body sends only the header section and waits, so the server can refuse early (401, 413, 417...) without the body crossing the network. " +
			"A server that sees the expectation either sends 100 and then reads the body, or sends a final status straight away; either way the final response still follows the 100. " +
			"A client should not wait forever for the 100, because intermediaries may not forward it; after a short timeout it sends the body anyway. " +
			"A client that did not send Expect simply discards a 100, and a server must not send any 1xx to an HTTP/1.0 client (RFC 9110, 15.2).",
		Spec:             Spec{Title: "RFC 9110", Section: "15.2.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.2.1"},
		ContentForbidden: true,
		Advice: Advice{Retry: NotApplicable,
			Text: "Interim response: send the request content if you were waiting for it, then wait for the final status."},
	},
	{
		Number:   101,
		Phrase:   "Switching Protocols",
		Standing: Official,
		Summary:  "The server agrees to the client's Upgrade request and switches the connection to another protocol after this response.",
		Description: "A server sends 101 only in answer to a request with an Upgrade header field (RFC 9110, 7.8), and it must name in its own Upgrade field the protocol(s) that are in effect once the empty line after the header ends. " +
			"From that point the bytes on the connection belong to the new protocol; the best-known use is the WebSocket handshake (RFC 6455). " +
			"101 exists only in HTTP/1.1: HTTP/2 and HTTP/3 forbid it and use their own mechanisms (for example extended CONNECT) instead.",
		Spec:             Spec{Title: "RFC 9110", Section: "15.2.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.2.2"},
		ContentForbidden: true,
		Headers: []HeaderRule{
			must("Upgrade", "the protocol(s) that will be in effect on this connection after the 101", Spec{Title: "RFC 9110", Section: "15.2.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.2.2"}),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Not an error: continue on the same connection using the protocol the server named in Upgrade."},
	},
	{
		Number:   102,
		Phrase:   "Processing",
		Standing: Historic,
		Summary:  "An interim WebDAV response saying the server is still working on a long request, now removed from the WebDAV specification.",
		Description: "RFC 2518 (WebDAV, 1999) defined 102 so a server could keep a client from timing out during a slow method such as a deep COPY or MOVE. " +
			"RFC 4918, which replaced RFC 2518, dropped it because few implementations used it, but IANA still lists the number with RFC 2518 as its reference. " +
			"New servers should not send it; a client that receives it treats it like any other 1xx and keeps waiting for the final response.",
		Spec:             Spec{Title: "RFC 2518", Section: "10.1", URL: "https://www.rfc-editor.org/rfc/rfc2518.html#section-10.1"},
		ContentForbidden: true,
		Advice: Advice{Retry: NotApplicable,
			Text: "Interim response: keep waiting for the final status."},
	},
	{
		Number:   103,
		Phrase:   "Early Hints",
		Standing: Official,
		Summary:  "An interim response carrying header fields, typically Link preloads, that the final response is likely to have.",
		Description: "RFC 8297 lets a server send 103 while it is still computing the final response, so a browser can start fetching or preconnecting to the resources named in Link header fields (rel=preload, rel=preconnect). " +
			"The fields in a 103 are hints, not part of the final response, and a client must not treat them as if they were. " +
			"Because some HTTP/1.1 clients mishandle unexpected 1xx responses, servers usually send 103 only over HTTP/2 or HTTP/3 or to clients known to cope.",
		Spec:             Spec{Title: "RFC 8297", Section: "2", URL: "https://www.rfc-editor.org/rfc/rfc8297.html#section-2"},
		ContentForbidden: true,
		AlsoKnownAs:      []string{"Checkpoint"},
		Headers: []HeaderRule{
			may("Link", "the resources the final response is expected to need (rel=preload or rel=preconnect); hints only", Spec{Title: "RFC 8297", Section: "2", URL: "https://www.rfc-editor.org/rfc/rfc8297.html#section-2"}),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Interim response: you may start fetching the hinted resources, then wait for the final status."},
	},
	{
		Number:   104,
		Phrase:   "Upload Resumption Supported",
		Standing: Official,
		Summary:  "An interim response telling an uploading client that the server supports resumable uploads and where the upload resource is.",
		Description: "104 comes from the IETF resumable uploads work (draft-ietf-httpbis-resumable-upload): while a client is sending a large body, the server announces an upload resource, named in a Location header field, from which an interrupted upload can be resumed instead of restarted. " +
			"The registration is TEMPORARY: IANA registered it in 2024 against draft -05, extended it in 2025 and lists an expiry date, so the code may still change or be withdrawn before the draft becomes an RFC. " +
			"Clients that do not implement the draft ignore it like any other 1xx.",
		Spec:             internetDraft("draft-ietf-httpbis-resumable-upload-05"),
		ContentForbidden: true,
		IANAName:         "Upload Resumption Supported (TEMPORARY - registered 2024-11-13, extension registered 2025-09-15, expires 2026-11-13)",
		Advice: Advice{Retry: NotApplicable,
			Text: "Interim response: remember the upload resource in case the transfer is interrupted, keep sending, and wait for the final status."},
	},

	// ---- 2xx Successful -----------------------------------------------------
	{
		Number:   200,
		Phrase:   "OK",
		Standing: Official,
		Summary:  "The request succeeded, and what the content means depends on the request method.",
		Description: "For GET the content is a representation of the target resource; for HEAD it is the same header fields without the content; for POST it is the result or status of the action; for PUT and DELETE it describes the status of the action; for OPTIONS the communication options; for TRACE the request as received (RFC 9110, 15.3.1). " +
			"A 200 other than to CONNECT is expected to carry content; a server with nothing to send should use 204 instead, and one that created a resource should prefer 201. " +
			"200 is heuristically cacheable, so a GET response without Cache-Control or Expires may be reused by caches for a while. " +
			"A classic trap is answering errors with 200 and an error object in the body: caches store it, retries never happen and monitoring sees success.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.3.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.1"},
		Cacheable: true,
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: use the content according to the method you sent."},
	},
	{
		Number:   201,
		Phrase:   "Created",
		Standing: Official,
		Summary:  "The request succeeded and created one or more new resources.",
		Description: "The primary resource created is identified by the Location header field if there is one, otherwise by the target URI (RFC 9110, 15.3.2). " +
			"After a POST that creates something the server SHOULD send 201 with a Location naming the new resource (RFC 9110, 9.3.3); after a PUT that creates the target resource it MUST send 201, and Location is then redundant because the target URI is the new resource (9.3.4). " +
			"Any validator fields such as ETag describe the newly created representation, and the content usually describes or links to what was created. " +
			"A relative Location is resolved against the target URI, not against the page the user came from.",
		Spec: Spec{Title: "RFC 9110", Section: "15.3.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.2"},
		Headers: []HeaderRule{
			should("Location", "identifies the primary resource created when a POST creates resources; without it the target URI is the created resource", Spec{Title: "RFC 9110", Section: "9.3.3", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-9.3.3"}).when(WhenCreated),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: the new resource is at Location (or at the request URI if there is none); do not repeat a POST or you may create it twice."},
	},
	{
		Number:   202,
		Phrase:   "Accepted",
		Standing: Official,
		Summary:  "The request was accepted for processing, but the processing has not finished and may still fail.",
		Description: "202 is deliberately non-committal: the work is queued or running elsewhere, it may later be refused, and HTTP has no way to send a second status code when it completes (RFC 9110, 15.3.3). " +
			"The content ought to describe the request's current state and point to, or embed, a status monitor the client can poll. " +
			"RFC 9110 does not say how to point to the monitor; APIs commonly put its URI in Location or Content-Location and sometimes suggest a polling interval with Retry-After, but those are conventions, not requirements of the status code. " +
			"A client must not treat 202 as proof that the operation succeeded.",
		Spec: Spec{Title: "RFC 9110", Section: "15.3.3", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.3"},
		Advice: Advice{Retry: NotApplicable,
			Text: "Not finished yet: poll the status monitor the response points to instead of repeating the request."},
	},
	{
		Number:   203,
		Phrase:   "Non-Authoritative Information",
		Standing: Official,
		Summary:  "The request succeeded, but a transforming proxy modified the content the origin server sent.",
		Description: "A proxy that changes a 200 response on its way through (recompressing images, rewriting HTML) can replace 200 with 203 so recipients know the content is not exactly what the origin produced (RFC 9110, 15.3.4 and 7.7). " +
			"That matters for later decisions such as cache validation, which may only make sense along the same path. " +
			"203 is heuristically cacheable.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.3.4", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.4"},
		Cacheable: true,
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: the content is usable but was transformed by an intermediary."},
	},
	{
		Number:   204,
		Phrase:   "No Content",
		Standing: Official,
		Summary:  "The request succeeded and there is deliberately no content in the response.",
		Description: "204 says the action was applied and there is nothing more to send; the header fields describe the target resource after the action, so for example an ETag in a 204 to a PUT is the new representation's validator (RFC 9110, 15.3.5). " +
			"A user agent that sent the request from a form or editor does not need to change its document view, which is why 204 suits save actions and DELETE. " +
			"The response ends with the header section: a server that writes a body or a non-zero Content-Length breaks message framing on persistent HTTP/1.1 connections. " +
			"204 is heuristically cacheable.",
		Spec:             Spec{Title: "RFC 9110", Section: "15.3.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.5"},
		ContentForbidden: true,
		Cacheable:        true,
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: expect no content and keep the current view."},
	},
	{
		Number:            205,
		ContentLengthZero: true,
		Phrase:            "Reset Content",
		Standing:          Official,
		Summary:           "The request succeeded and the user agent should reset the form or view that sent it.",
		Description: "205 is for data-entry interfaces: after the user submits a form, the server asks the user agent to clear it so the next entry can be typed (RFC 9110, 15.3.6). " +
			"A server must not generate content in a 205 response, and browsers largely ignore the reset request, so it is rarely seen outside specialised clients.",
		Spec:             Spec{Title: "RFC 9110", Section: "15.3.6", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.6"},
		ContentForbidden: true,
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: reset the input view that sent the request."},
	},
	{
		Number:   206,
		Methods:  getHead,
		Phrase:   "Partial Content",
		Standing: Official,
		Summary:  "The server is fulfilling a range request by sending one or more parts of the selected representation.",
		Description: "206 answers a request with a Range header field (RFC 9110, 14.2). " +
			"For a single range the server must send a Content-Range header describing the enclosed range (15.3.7.1); for several ranges it must send multipart/byteranges content with a Content-Type naming that type and its boundary, and must not send Content-Range on the message itself (15.3.7.2). " +
			"It must also send Cache-Control, ETag, Expires, Content-Location and Vary if a 200 to the same request would have carried them. " +
			"A client must inspect Content-Type and Content-Range to learn which ranges it got, and may combine parts only when they share a strong validator. " +
			"206 is heuristically cacheable.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.3.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7"},
		Cacheable: true,
		Headers: []HeaderRule{
			must("Content-Range", "when a single part is sent: which range of the representation is enclosed, e.g. bytes 0-499/1234", Spec{Title: "RFC 9110", Section: "15.3.7.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7.1"}).when(WhenSinglePart),
			must("Content-Type", "when several parts are sent: multipart/byteranges with its boundary parameter, and no Content-Range on the message", Spec{Title: "RFC 9110", Section: "15.3.7.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7.2"}).when(WhenMultipleParts),
			must("ETag", "if a 200 response to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.3.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7"}).when(WhenSentOn200),
			must("Cache-Control", "if a 200 response to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.3.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7"}).when(WhenSentOn200),
			must("Expires", "if a 200 response to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.3.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7"}).when(WhenSentOn200),
			must("Content-Location", "if a 200 response to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.3.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7"}).when(WhenSentOn200),
			must("Vary", "if a 200 response to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.3.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.7"}).when(WhenSentOn200),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: read Content-Range (or each multipart part) to see which bytes you received."},
	},
	{
		Number:   207,
		Phrase:   "Multi-Status",
		Standing: Official,
		Summary:  "A WebDAV response whose XML body carries a separate status for each of several resources.",
		Description: "WebDAV methods such as PROPFIND, PROPPATCH, COPY and DELETE on collections act on many resources at once, so RFC 4918 answers them with a DAV:multistatus XML document holding one DAV:response, and one status, per resource (RFC 4918, 11.1 and 13). " +
			"The 207 itself only says the body is such a report: individual members may have failed with 403, 423, 424 and so on. " +
			"The trap is treating 207 as blanket success; a client must walk every response element and act on each status.",
		Spec: Spec{Title: "RFC 4918", Section: "11.1", URL: "https://www.rfc-editor.org/rfc/rfc4918.html#section-11.1"},
		Advice: Advice{Retry: NotApplicable,
			Text: "Read every status inside the multistatus body; some of the operations may have failed."},
	},
	{
		Number:   208,
		Phrase:   "Already Reported",
		Standing: Official,
		Summary:  "Used inside a WebDAV multistatus body to say a collection member was already listed under another binding.",
		Description: "With WebDAV bindings (RFC 5842) the same resource can appear at several paths, so a Depth: infinity PROPFIND could list it repeatedly or loop forever. " +
			"208 inside a DAV:propstat or DAV:response marks a member that was already enumerated, and its descendants are not repeated. " +
			"It only appears inside a 207 body, and only when the client signalled binding support.",
		Spec: Spec{Title: "RFC 5842", Section: "7.1", URL: "https://www.rfc-editor.org/rfc/rfc5842.html#section-7.1"},
		Advice: Advice{Retry: NotApplicable,
			Text: "Not an error: the resource was reported earlier in the same multistatus body."},
	},
	{
		Number:   218,
		Phrase:   "This Is Fine",
		Standing: Unofficial,
		Origin:   "Apache HTTP Server",
		Summary:  "An unofficial catch-all status attributed to Apache servers for letting an origin's error body pass through a proxy.",
		Description: "Lists of unofficial codes attribute 218 to Apache HTTP Server deployments that use ProxyErrorOverride, as a way of passing a backend's response body through when error overriding is on. " +
			"Apache's own documentation does not define 218, so treat it as folklore that some setups emit rather than as a documented feature. " +
			"As an unrecognised 2xx it means success to any client (RFC 9110, 15).",
		Spec: vendor("Apache HTTP Server documentation: ProxyErrorOverride (the mechanism 218 is attributed to)",
			"https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxyerroroverride"),
		Advice: Advice{Retry: NotApplicable,
			Text: "Treat it as 200: the request succeeded."},
	},
	{
		Number:   226,
		Phrase:   "IM Used",
		Standing: Official,
		Summary:  "The server answered a GET with the result of instance manipulations, such as a delta, applied to the current representation.",
		Description: "RFC 3229 (delta encoding) lets a client that holds an older version send A-IM and If-None-Match, and the server reply with only the difference, naming the manipulation in the IM header field. " +
			"The response must include an ETag for the current instance, because the client needs it to rebuild and validate the full representation. " +
			"Delta encoding was never widely deployed; most systems rely on compression instead.",
		Spec: Spec{Title: "RFC 3229", Section: "10.4.1", URL: "https://www.rfc-editor.org/rfc/rfc3229.html#section-10.4.1"},
		Headers: []HeaderRule{
			must("ETag", "the entity tag of the current instance, which the delta produces when applied to the base", Spec{Title: "RFC 3229", Section: "10.4.1", URL: "https://www.rfc-editor.org/rfc/rfc3229.html#section-10.4.1"}),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Success: apply the delta named in IM to your cached base instance to obtain the current representation."},
	},

	// ---- 3xx Redirection ----------------------------------------------------
	{
		Number:   300,
		Phrase:   "Multiple Choices",
		Standing: Official,
		Summary:  "The target resource has several representations, each with its own URI, and the client should pick one.",
		Description: "300 invites reactive negotiation (RFC 9110, 12.2): the content lists the alternatives, and a server with a preference SHOULD name it in Location so a user agent may redirect automatically (15.4.1). " +
			"HTTP defines no format for the list and no algorithm for choosing, so browsers simply show the page and APIs rarely use the code. " +
			"300 is heuristically cacheable.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.4.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.1"},
		Cacheable: true,
		Headers: []HeaderRule{
			should("Location", "if the server has a preferred choice, that choice's URI; user agents may follow it automatically", Spec{Title: "RFC 9110", Section: "15.4.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.1"}).when(WhenPreferredChoice),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Choose one of the listed alternatives, or follow Location if the server gave a preferred one."},
	},
	{
		Number:   301,
		Phrase:   "Moved Permanently",
		Standing: Official,
		Summary:  "The target resource has a new permanent URI and future references should use it.",
		Description: "The server SHOULD name the new URI in Location, and a user agent may follow it automatically (RFC 9110, 15.4.2). " +
			"For historical reasons user agents may change a POST into a GET when following a 301, and browsers do; when the method and content must be kept, use 308 instead. " +
			"301 is heuristically cacheable, so browsers remember it for a long time and a mistaken 301 is hard to take back: give it an explicit Cache-Control while you are unsure.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.4.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.2"},
		Cacheable: true,
		Headers: []HeaderRule{
			should("Location", "the preferred URI reference for the new permanent URI", Spec{Title: "RFC 9110", Section: "15.4.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.2"}),
		},
		Redirect: &RedirectRule{Permanent: true, MethodRule: MayChangeToGET},
		Advice: Advice{Retry: NotApplicable,
			Text: "Follow Location and update stored links; expect a POST to arrive as GET unless the client keeps the method."},
	},
	{
		Number:   302,
		Phrase:   "Found",
		Standing: Official,
		Summary:  "The target resource is temporarily at a different URI, and the client should keep using the original URI for future requests.",
		Description: "The server SHOULD give the temporary URI in Location (RFC 9110, 15.4.3). " +
			"HTTP/1.0 called this code Moved Temporarily, and because early browsers followed it with a GET whatever the original method, user agents may still turn a POST into a GET. " +
			"Use 307 when the method and content must be kept, or 303 when you want the follow-up to be a GET. " +
			"302 is not cacheable by default.",
		Spec: Spec{Title: "RFC 9110", Section: "15.4.3", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.3"},
		Headers: []HeaderRule{
			should("Location", "the URI reference of the temporary location", Spec{Title: "RFC 9110", Section: "15.4.3", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.3"}),
		},
		Redirect:    &RedirectRule{Permanent: false, MethodRule: MayChangeToGET},
		AlsoKnownAs: []string{"Moved Temporarily"},
		Advice: Advice{Retry: NotApplicable,
			Text: "Follow Location for this request only; keep using the original URI next time."},
	},
	{
		Number:   303,
		Phrase:   "See Other",
		Standing: Official,
		Summary:  "The server redirects the client to a different resource, fetched with GET, that gives an indirect answer to the request.",
		Description: "303 is the Post/Redirect/Get status: after a POST the server points to a result or status page, and the user agent retrieves it with GET (or HEAD) whatever the original method (RFC 9110, 15.4.4). " +
			"The new URI is in Location and is not considered equivalent to the target URI, so reloading the result page does not repeat the POST. " +
			"In answer to a GET, 303 says the target has no representation of its own but the Location resource describes it.",
		Spec: Spec{Title: "RFC 9110", Section: "15.4.4", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.4"},
		Headers: []HeaderRule{
			should("Location", "the different resource to retrieve; RFC 9110 defines 303 by this URI without stating a separate requirement level", Spec{Title: "RFC 9110", Section: "15.4.4", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.4"}),
		},
		Redirect: &RedirectRule{Permanent: false, MethodRule: ChangeToGET},
		Advice: Advice{Retry: NotApplicable,
			Text: "Retrieve Location with GET; do not resend the original method or content."},
	},
	{
		Number:   304,
		Methods:  getHead,
		Phrase:   "Not Modified",
		Standing: Official,
		Summary:  "A conditional GET or HEAD found that the client's stored representation is still current, so nothing is sent again.",
		Description: "304 is only a valid answer to a conditional GET or HEAD (If-None-Match or If-Modified-Since) whose condition evaluated to false; to an unconditional request, or to a state-changing method, it is wrong (RFC 9110, 15.4.5 and 13.2). " +
			"It never has content. The server MUST send Content-Location, Date, ETag, Vary, Cache-Control and Expires whenever a 200 to the same request would have carried them, and SHOULD NOT send other representation metadata. " +
			"Caches use those fields to refresh their stored response (RFC 9111, 4.3.4), so a 304 that drops the ETag or the Cache-Control of the 200 silently changes how the cached copy behaves.",
		Spec:             Spec{Title: "RFC 9110", Section: "15.4.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.5"},
		ContentForbidden: true,
		Headers: []HeaderRule{
			must("ETag", "if a 200 to the same request would have carried it (Date likewise)", Spec{Title: "RFC 9110", Section: "15.4.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.5"}).when(WhenSentOn200),
			must("Cache-Control", "if a 200 to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.4.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.5"}).when(WhenSentOn200),
			must("Content-Location", "if a 200 to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.4.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.5"}).when(WhenSentOn200),
			must("Expires", "if a 200 to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.4.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.5"}).when(WhenSentOn200),
			must("Vary", "if a 200 to the same request would have carried it", Spec{Title: "RFC 9110", Section: "15.4.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.5"}).when(WhenSentOn200),
		},
		Advice: Advice{Retry: NotApplicable,
			Text: "Use your stored representation and update its stored header fields from this response."},
	},
	{
		Number:   305,
		Phrase:   "Use Proxy",
		Standing: Deprecated,
		Summary:  "A deprecated status that once told the client to repeat the request through the proxy named in Location.",
		Description: "RFC 2616 defined 305 so a server could direct a client to a proxy, but letting a response reconfigure the client's proxy is a security hole, and RFC 7231 deprecated it (RFC 9110, 15.4.6). " +
			"Servers must not send it and clients must not honour it.",
		Spec: Spec{Title: "RFC 9110", Section: "15.4.6", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.6"},
		Advice: Advice{Retry: NotApplicable,
			Text: "Do not switch proxies because a response says so; treat it as a failed redirect."},
	},
	{
		Number:   306,
		Phrase:   "Unused",
		Standing: Unused,
		Summary:  "A reserved code with no meaning, left over from an abandoned draft of HTTP/1.1.",
		Description: "A 1990s draft of HTTP/1.1 used 306 as Switch Proxy, telling the client to use a different proxy for later requests; the idea was dropped before RFC 2616, which only reserved the number. " +
			"RFC 9110, 15.4.7 keeps it reserved, and IANA lists it as (Unused). " +
			"No server should send it.",
		Spec:        Spec{Title: "RFC 9110", Section: "15.4.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.7"},
		IANAName:    "(Unused)",
		AlsoKnownAs: []string{"Switch Proxy"},
		Advice: Advice{Retry: NotApplicable,
			Text: "Treat it as an unrecognised 3xx, that is as 300."},
	},
	{
		Number:   307,
		Phrase:   "Temporary Redirect",
		Standing: Official,
		Summary:  "The target resource is temporarily at a different URI, and the client must repeat the same method and content there.",
		Description: "307 is 302 without the historical ambiguity: a user agent that follows it automatically must not change the request method, so a POST stays a POST with the same content (RFC 9110, 15.4.8). " +
			"The server SHOULD give the temporary URI in Location, and the client keeps using the original URI for later requests. " +
			"Browsers also use an internal 307 for HSTS upgrades to https.",
		Spec: Spec{Title: "RFC 9110", Section: "15.4.8", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.8"},
		Headers: []HeaderRule{
			should("Location", "the URI reference of the temporary location", Spec{Title: "RFC 9110", Section: "15.4.8", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.8"}),
		},
		Redirect: &RedirectRule{Permanent: false, MethodRule: KeepMethod},
		Advice: Advice{Retry: NotApplicable,
			Text: "Repeat the same method and content at Location for this request only."},
	},
	{
		Number:   308,
		Phrase:   "Permanent Redirect",
		Standing: Official,
		Summary:  "The target resource has a new permanent URI, and the client must repeat the same method and content there.",
		Description: "308 is 301 with the method preserved: it was introduced by RFC 7538 and is now defined in RFC 9110, 15.4.9. " +
			"The server SHOULD name the new URI in Location; clients update their references and resend the same method and content. " +
			"308 is heuristically cacheable. Very old clients that do not know it treat it as 300 and show the response instead of following it.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.4.9", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.9"},
		Cacheable: true,
		Headers: []HeaderRule{
			should("Location", "the preferred URI reference for the new permanent URI", Spec{Title: "RFC 9110", Section: "15.4.9", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.4.9"}),
		},
		Redirect: &RedirectRule{Permanent: true, MethodRule: KeepMethod},
		Advice: Advice{Retry: NotApplicable,
			Text: "Repeat the same method and content at Location and update stored links."},
	},

	// ---- 4xx Client Error ---------------------------------------------------
	{
		Number:   400,
		Phrase:   "Bad Request",
		Standing: Official,
		Summary:  "The server cannot or will not process the request because of something it sees as a client error.",
		Description: "400 covers malformed syntax, invalid message framing and deceptive request routing (RFC 9110, 15.5.1), and in practice any request the server rejects without a more specific code. " +
			"Prefer the precise code where one exists: 413 for an oversized body, 414 for a long URI, 415 for an unsupported format, 422 for well-formed but invalid content, 431 for oversized header fields. " +
			"Like every 4xx, the response SHOULD explain the problem and whether it is temporary (15.5); a Problem Details body (RFC 9457) is a good way to do that. " +
			"The client must fix the request: sending it unchanged will fail again.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Fix the request using the explanation in the response; repeating it unchanged will fail again."},
	},
	{
		Number:   401,
		Phrase:   "Unauthorized",
		Standing: Official,
		Summary:  "The request lacks valid authentication credentials for the target resource.",
		Description: "Despite its name, 401 is about authentication: the server does not know who you are, or the credentials sent were refused (RFC 9110, 15.5.2). " +
			"A server sending 401 MUST include a WWW-Authenticate header field with at least one challenge, which is how the client learns which scheme (Basic, Bearer...) to use; a 401 without it is a protocol error, so a site that logs in through a form or cookie should use 403 or a redirect to its login page instead. " +
			"Use 403 when the client is authenticated but not allowed. " +
			"The client may repeat the request with new or corrected Authorization; if the same challenge comes back after a failed attempt, show the response to the user.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"},
		Headers: []HeaderRule{
			must("WWW-Authenticate", "at least one challenge applicable to the target resource, even when credentials were sent and refused", Spec{Title: "RFC 9110", Section: "15.5.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"}),
		},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Obtain or refresh credentials for a scheme in WWW-Authenticate and retry with Authorization; do not loop on the same credentials."},
	},
	{
		Number:   402,
		Phrase:   "Payment Required",
		Standing: Official,
		Summary:  "A code reserved for future use, used in practice by some services for billing or quota problems.",
		Description: "RFC 9110, 15.5.3 only reserves 402; no standard says what a 402 response contains. " +
			"Some APIs send it when an account has unpaid invoices or has used up a paid quota, with the details in the body. " +
			"Because its meaning is service-specific, clients should read the content rather than assume any behaviour.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.3", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.3"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Resolve the account or billing problem described in the response before trying again."},
	},
	{
		Number:   403,
		Phrase:   "Forbidden",
		Standing: Official,
		Summary:  "The server understood the request but refuses to fulfil it.",
		Description: "403 is about authorization: the server may know exactly who you are and still refuse (RFC 9110, 15.5.4). " +
			"If credentials were sent, the server considers them insufficient, and the client SHOULD NOT repeat the request with the same ones; it may try different credentials, but a 403 can also have reasons unrelated to credentials (IP blocks, WAF rules, disabled features). " +
			"An origin that wants to hide that a forbidden resource exists may answer 404 instead. " +
			"Use 401 when authentication is missing or failed.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.4", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4"},
		Advice: Advice{Retry: NoRetry,
			Text: "Do not repeat the request with the same credentials; only different credentials or a change of permissions can help."},
	},
	{
		Number:   404,
		Phrase:   "Not Found",
		Standing: Official,
		Summary:  "The origin server has no current representation for the target resource, or will not say whether one exists.",
		Description: "404 says nothing about whether the absence is temporary or permanent; when the server knows the resource is gone for good, 410 is preferred (RFC 9110, 15.5.5). " +
			"It is also the standard way to hide a resource the client may not see, instead of 403. " +
			"404 is heuristically cacheable, so without Cache-Control a cache may keep serving the 404 for a while after the resource is created; send explicit freshness if resources appear often.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.5.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5"},
		Cacheable: true,
		Advice: Advice{Retry: NoRetry,
			Text: "Check the URI; repeating the same request will not find the resource unless something creates it."},
	},
	{
		Number:   405,
		Phrase:   "Method Not Allowed",
		Standing: Official,
		Summary:  "The origin server knows the request method but the target resource does not support it.",
		Description: "The origin server MUST send an Allow header field listing the methods the target resource currently supports, and an empty Allow is legal and means it supports none (RFC 9110, 15.5.6 and 10.2.1). " +
			"405 is for a method the server recognises but this resource does not accept; for a method the server does not recognise or implement for any resource, use 501. " +
			"405 is heuristically cacheable.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.5.6", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6"},
		Cacheable: true,
		Headers: []HeaderRule{
			must("Allow", "the methods the target resource currently supports; an empty value means it supports none", Spec{Title: "RFC 9110", Section: "15.5.6", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6"}),
		},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Use one of the methods listed in Allow."},
	},
	{
		Number:   406,
		Phrase:   "Not Acceptable",
		Standing: Official,
		Summary:  "The target resource has no representation matching the request's proactive negotiation header fields, and the server will not send a default.",
		Description: "406 answers a request whose Accept, Accept-Language or Accept-Encoding rules out every available representation (RFC 9110, 15.5.7). " +
			"The server SHOULD list the available representations in the content. " +
			"Many servers prefer to ignore the preference and send a default representation with 200, which RFC 9110 allows and which is usually friendlier.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.7", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.7"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Widen the Accept header fields or pick one of the representations listed in the response."},
	},
	{
		Number:   407,
		Phrase:   "Proxy Authentication Required",
		Standing: Official,
		Summary:  "The client must authenticate itself with the proxy before the proxy will forward the request.",
		Description: "407 is 401 for a proxy: the proxy MUST send a Proxy-Authenticate header field with a challenge for itself, and the client may repeat the request with Proxy-Authorization (RFC 9110, 15.5.8). " +
			"The credentials are for the proxy alone and are not forwarded to the origin server.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.8", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.8"},
		Headers: []HeaderRule{
			must("Proxy-Authenticate", "a challenge applicable to this proxy for the request", Spec{Title: "RFC 9110", Section: "15.5.8", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.8"}),
		},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Authenticate with the proxy using a scheme from Proxy-Authenticate and retry with Proxy-Authorization."},
	},
	{
		Number:   408,
		Phrase:   "Request Timeout",
		Standing: Official,
		Summary:  "The server did not receive a complete request within the time it was prepared to wait.",
		Description: "Servers send 408 on an idle or slow connection, usually just before closing it (RFC 9110, 15.5.9). " +
			"A client with a request in transit may repeat it; if the connection is no longer usable, as in HTTP/1.1 once request delimitation is lost, it uses a new connection. " +
			"Browsers retry automatically when a 408 arrives on a connection they were about to reuse.",
		Spec:        Spec{Title: "RFC 9110", Section: "15.5.9", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.9"},
		AlsoKnownAs: []string{"Request Time-out"},
		Advice: Advice{Retry: RetryImmediately, IdempotentOnly: true,
			Text: "Repeat the request on a new connection; repeat a non-idempotent request only if you know the server did not process it."},
	},
	{
		Number:   409,
		Phrase:   "Conflict",
		Standing: Official,
		Summary:  "The request conflicts with the current state of the target resource.",
		Description: "409 is for conflicts the user might be able to resolve and resubmit, most often edits to a resource that changed since the client read it (RFC 9110, 15.5.10). " +
			"The server SHOULD describe the conflict well enough for the user to recognise its source, and may include what is needed to merge the changes. " +
			"For lost-update protection with validators, 412 answers a failed If-Match more precisely.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.10", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.10"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Fetch the current state, resolve the conflict, and send a new request."},
	},
	{
		Number:   410,
		Phrase:   "Gone",
		Standing: Official,
		Summary:  "The target resource is no longer available at the origin server and this is likely permanent.",
		Description: "410 is 404 with intent: the owners removed the resource on purpose and want links to it dropped (RFC 9110, 15.5.11). " +
			"If the server does not know whether the condition is permanent it ought to use 404 instead, and there is no obligation to keep answering 410 forever. " +
			"410 is heuristically cacheable, and search engines drop such URLs faster than after a 404.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.5.11", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.11"},
		Cacheable: true,
		Advice: Advice{Retry: NoRetry,
			Text: "Stop requesting the resource and remove stored links to it."},
	},
	{
		Number:   411,
		Phrase:   "Length Required",
		Standing: Official,
		Summary:  "The server refuses a request that has content without a defined Content-Length.",
		Description: "Some servers will not accept chunked or open-ended request bodies (RFC 9110, 15.5.12 and 8.6). " +
			"The client may repeat the request with a valid Content-Length header field.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.12", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.12"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Buffer the content and resend it with a Content-Length header field."},
	},
	{
		Number:   412,
		Phrase:   "Precondition Failed",
		Standing: Official,
		Summary:  "A condition in the request header fields, such as If-Match, evaluated to false on the server.",
		Description: "Conditional requests (RFC 9110, 13) let a client say apply this only if the resource is still as I saw it; 412 means it is not, so the method was not applied (15.5.13). " +
			"This is the optimistic-concurrency answer to a lost update: another client changed the resource after this client read it.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.13", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.13"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Fetch the current representation and its validators, reapply your change, and retry with the new precondition."},
	},
	{
		Number:   413,
		Phrase:   "Content Too Large",
		Standing: Official,
		Summary:  "The request content is larger than the server is willing or able to process.",
		Description: "The server may end the request early or close the connection rather than read the whole body (RFC 9110, 15.5.14). " +
			"If the limit is temporary, the server SHOULD send Retry-After to say so and when the client may try again. " +
			"Send Expect: 100-continue before large uploads so a 413 arrives before the body is sent.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.14", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.14"},
		Headers: []HeaderRule{
			should("Retry-After", "if the condition is temporary: that it is, and after what time the client may try again", Spec{Title: "RFC 9110", Section: "15.5.14", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.14"}).when(WhenTemporary),
		},
		AlsoKnownAs: []string{"Request Entity Too Large", "Payload Too Large"},
		Advice: Advice{Retry: RetryAfterChange, HonourRetryAfter: true,
			Text: "Send less (compress, split or upload in parts); only if the response carries Retry-After, wait that long and try again."},
	},
	{
		Number:   414,
		Phrase:   "URI Too Long",
		Standing: Official,
		Summary:  "The target URI is longer than the server is willing to interpret.",
		Description: "RFC 9110, 15.5.15 names the usual causes: a client that turned a POST with a large form into a GET with a long query, a redirect loop that keeps growing the URI, or an attack. " +
			"Move large parameters into request content. " +
			"414 is heuristically cacheable.",
		Spec:        Spec{Title: "RFC 9110", Section: "15.5.15", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.15"},
		Cacheable:   true,
		AlsoKnownAs: []string{"Request-URI Too Long"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Shorten the URI, for example by sending the parameters in the request content."},
	},
	{
		Number:   415,
		Phrase:   "Unsupported Media Type",
		Standing: Official,
		Summary:  "The server refuses the request because the content is in a format this method does not support on the target resource.",
		Description: "The problem may be the Content-Type, the Content-Encoding, or what the server found when it inspected the data (RFC 9110, 15.5.16). " +
			"For an unsupported content coding the server ought to list the codings it accepts in Accept-Encoding; for an unsupported media type it can list them in Accept, and PATCH servers should list patch formats in Accept-Patch (RFC 5789, 2.2). " +
			"Use 422 instead when the format is right but the content is invalid.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.16", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.16"},
		Headers: []HeaderRule{
			should("Accept-Encoding", "when a content coding was the problem: the codings that would have been accepted (RFC 9110 says 'ought to')", Spec{Title: "RFC 9110", Section: "15.5.16", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.16"}).when(WhenCodingRefused),
			may("Accept", "when the media type was the problem: the media types that would have been accepted", Spec{Title: "RFC 9110", Section: "15.5.16", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.16"}).when(WhenMediaTypeRefused),
			should("Accept-Patch", "in answer to PATCH with an unsupported patch document format: the formats the resource accepts", Spec{Title: "RFC 5789", Section: "2.2", URL: "https://www.rfc-editor.org/rfc/rfc5789.html#section-2.2"}).when(WhenPatchRefused),
		},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Resend the content in a media type and coding the server lists as accepted."},
	},
	{
		Number:   416,
		Methods:  getHead,
		Phrase:   "Range Not Satisfiable",
		Standing: Official,
		Summary:  "None of the requested ranges can be satisfied, or the client asked for too many small or overlapping ranges.",
		Description: "For byte ranges this usually means the first byte asked for is at or beyond the end of the representation (RFC 9110, 15.5.17). " +
			"The server SHOULD send Content-Range with the current length, in the form bytes */47022, so the client can correct its request. " +
			"Because servers may ignore Range, many answer with the whole representation and 200 instead, so clients cannot rely on getting 416.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.17", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.17"},
		Headers: []HeaderRule{
			should("Content-Range", "for a byte-range request: the current length of the selected representation, as bytes */length", Spec{Title: "RFC 9110", Section: "15.5.17", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.17"}).when(WhenByteRange),
		},
		AlsoKnownAs: []string{"Requested Range Not Satisfiable"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Read the length from Content-Range and request a range within it, or fetch the whole representation."},
	},
	{
		Number:   417,
		Phrase:   "Expectation Failed",
		Standing: Official,
		Summary:  "An inbound server could not meet the expectation in the request's Expect header field.",
		Description: "The only standard expectation is 100-continue (RFC 9110, 10.1.1); 417 means a server on the path cannot honour it, or the Expect value was unknown (15.5.18). " +
			"The client can repeat the request without the Expect header field.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.18", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.18"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Repeat the request without the Expect header field."},
	},
	{
		Number:   418,
		Phrase:   "I'm a teapot",
		Standing: Unused,
		Summary:  "A joke code from the Hyper Text Coffee Pot Control Protocol, now reserved so it is not assigned to anything serious.",
		Description: "RFC 2324 (HTCPCP/1.0), an April Fools' RFC of 1 April 1998 lampooning the ways HTTP was being stretched, said any attempt to brew coffee with a teapot should fail with 418 I'm a teapot; RFC 7168 (HTCPCP-TEA, 1 April 2014) extended the joke to tea. " +
			"Frameworks and sites adopted it as an easter egg so widely that RFC 9110, 15.5.19 reserved the number: IANA lists 418 as (Unused) so it cannot currently be assigned to another use, though the RFC allows reassignment if 4xx codes ever run out. " +
			"Do not use it in a real API; pick a code that describes the actual condition.",
		Spec:     Spec{Title: "RFC 9110", Section: "15.5.19", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.19"},
		IANAName: "(Unused)",
		Advice: Advice{Retry: NoRetry,
			Text: "It is a joke or an easter egg; the same request will get the same answer."},
	},
	{
		Number:   419,
		Phrase:   "Page Expired",
		Standing: Unofficial,
		Origin:   "Laravel",
		Summary:  "Laravel's answer when a form submission's CSRF token is missing, invalid or from an expired session.",
		Description: "Laravel checks a CSRF token on every state-changing request from the web middleware group; when it does not match, usually because the page sat open until the session expired, the framework answers 419 Page Expired. " +
			"The fix is on the client side: reload the page to get a fresh token, or send the X-CSRF-TOKEN header from JavaScript.",
		Spec: vendor("Laravel documentation: CSRF Protection", "https://laravel.com/docs/csrf"),
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Reload the form to obtain a fresh CSRF token, then submit again."},
	},
	{
		Number:   420,
		Phrase:   "Enhance Your Calm",
		Standing: Unofficial,
		Origin:   "Twitter",
		Summary:  "Twitter's original rate-limiting status, used by its version 1 Search and Trends APIs before 429 existed.",
		Description: "Twitter's early APIs answered over-eager clients with 420 Enhance Your Calm and expected them to back off exponentially; later versions switched to the standard 429 from RFC 6585. " +
			"Spring Framework also once defined 420 as Method Failure from a WebDAV draft, now deprecated. " +
			"Treat any 420 you meet as a rate limit.",
		Spec:        vendor("X (Twitter) developer documentation: Response codes", "https://developer.x.com/en/docs/basics/response-codes"),
		AlsoKnownAs: []string{"Method Failure"},
		Advice: Advice{Retry: RetryAfterDelay, HonourRetryAfter: true,
			Text: "Slow down: wait, then retry with exponential backoff."},
	},
	{
		Number:   421,
		Phrase:   "Misdirected Request",
		Standing: Official,
		Summary:  "The request reached a server that cannot produce an authoritative response for the target URI.",
		Description: "421 typically appears with connection reuse: an HTTP/2 or HTTP/3 connection opened for one host is reused for another host covered by the same certificate, but the server behind it is not configured for that origin (RFC 9110, 15.5.20). " +
			"The client may retry on a different connection, such as a fresh one for the target origin, whether or not the method is idempotent, because the request was not processed. " +
			"A proxy must not generate 421.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.20", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.20"},
		Advice: Advice{Retry: RetryImmediately,
			Text: "Retry at once on a new connection dedicated to the target origin, even for non-idempotent methods."},
	},
	{
		Number:   422,
		Phrase:   "Unprocessable Content",
		Standing: Official,
		Summary:  "The server understands the content type and the syntax is correct, but it cannot process the instructions in it.",
		Description: "422 is the usual answer to validation errors: well-formed JSON or XML whose values are wrong, such as a missing required field or a date in the past (RFC 9110, 15.5.21). " +
			"It started as a WebDAV code in RFC 4918, named Unprocessable Entity, and RFC 9110 made it general. " +
			"Use 400 for syntax errors and 415 for the wrong format.",
		Spec:        Spec{Title: "RFC 9110", Section: "15.5.21", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.21"},
		AlsoKnownAs: []string{"Unprocessable Entity"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Correct the content according to the errors in the response and resend."},
	},
	{
		Number:   423,
		Phrase:   "Locked",
		Standing: Official,
		Summary:  "The source or destination resource of a WebDAV method is locked.",
		Description: "WebDAV resources can be locked with LOCK (RFC 4918); a request that would change a locked resource without presenting the lock token in an If header field gets 423. " +
			"The body should contain a precondition code such as DAV:lock-token-submitted. " +
			"The client either supplies the token or waits for the lock to be released.",
		Spec: Spec{Title: "RFC 4918", Section: "11.3", URL: "https://www.rfc-editor.org/rfc/rfc4918.html#section-11.3"},
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Submit the lock token if you hold it; otherwise wait for the lock to be released and try again."},
	},
	{
		Number:   424,
		Phrase:   "Failed Dependency",
		Standing: Official,
		Summary:  "The method could not be performed because an action it depended on failed.",
		Description: "In WebDAV, a PROPPATCH applies all its changes or none, so when one property update fails, the others are reported with 424 inside the 207 body (RFC 4918, 11.4). " +
			"Fix the failing part and the dependent ones will succeed.",
		Spec: Spec{Title: "RFC 4918", Section: "11.4", URL: "https://www.rfc-editor.org/rfc/rfc4918.html#section-11.4"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Find and fix the operation that failed first, then resend the whole request."},
	},
	{
		Number:   425,
		Phrase:   "Too Early",
		Standing: Official,
		Summary:  "The server will not process a request sent in TLS early data because it might be replayed.",
		Description: "TLS 1.3 lets a client send a request in 0-RTT early data, which an attacker can replay; RFC 8470 lets a server or intermediary refuse such a request with 425. " +
			"The request was not processed, so the client may retry it automatically once the TLS handshake has completed, without early data.",
		Spec: Spec{Title: "RFC 8470", Section: "5.2", URL: "https://www.rfc-editor.org/rfc/rfc8470.html#section-5.2"},
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Wait for the TLS handshake to complete and resend the request outside early data."},
	},
	{
		Number:   426,
		Phrase:   "Upgrade Required",
		Standing: Official,
		Summary:  "The server refuses the request over the current protocol but may accept it after the client upgrades.",
		Description: "The server MUST send an Upgrade header field naming the protocol(s) it requires (RFC 9110, 15.5.22 and 7.8). " +
			"The client can repeat the request using one of them, or over a connection that already speaks it, for example TLS or a newer HTTP version.",
		Spec: Spec{Title: "RFC 9110", Section: "15.5.22", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.22"},
		Headers: []HeaderRule{
			must("Upgrade", "the protocol(s) the client must switch to", Spec{Title: "RFC 9110", Section: "15.5.22", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.22"}),
		},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Switch to a protocol listed in Upgrade and repeat the request."},
	},
	{
		Number:   428,
		Phrase:   "Precondition Required",
		Standing: Official,
		Summary:  "The origin server requires the request to be conditional.",
		Description: "RFC 6585 added 428 so a server can refuse unconditional updates and so prevent lost updates: the client must read the resource, then send its change with If-Match carrying the ETag it saw. " +
			"The response should explain which precondition is expected. " +
			"Responses with 428 must not be stored by a cache.",
		Spec: Spec{Title: "RFC 6585", Section: "3", URL: "https://www.rfc-editor.org/rfc/rfc6585.html#section-3"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Fetch the resource, then repeat the change with If-Match (or If-Unmodified-Since) set from what you fetched."},
	},
	{
		Number:   429,
		Phrase:   "Too Many Requests",
		Standing: Official,
		Summary:  "The client has sent too many requests in a given amount of time: it is being rate limited.",
		Description: "429 is the standard rate-limiting code from RFC 6585, 4. " +
			"The response SHOULD explain the condition and MAY include Retry-After to say how long to wait; the RFC does not say how the server identifies the client or counts requests, so limits may apply per user, per key or per address. " +
			"Responses with 429 must not be stored by a cache. " +
			"Clients should wait at least as long as Retry-After says, or back off exponentially with jitter when it is absent, instead of retrying in a tight loop that keeps them limited.",
		Spec: Spec{Title: "RFC 6585", Section: "4", URL: "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"},
		Headers: []HeaderRule{
			may("Retry-After", "how long to wait before making a new request", Spec{Title: "RFC 6585", Section: "4", URL: "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"}),
		},
		Advice: Advice{Retry: RetryAfterDelay, HonourRetryAfter: true,
			Text: "Wait for the time in Retry-After, or back off exponentially with jitter, then retry."},
	},
	{
		Number:   430,
		Phrase:   "Request Header Fields Too Large",
		Standing: Unofficial,
		Origin:   "Shopify",
		Summary:  "Shopify's status for requests it rejects as abusive or potentially malicious.",
		Description: "Shopify's storefronts and APIs answer 430 when traffic looks automated or malicious, and its documentation now names it Shopify Security Rejection; older lists call it Request Header Fields Too Large and describe it as Shopify's rate limit for clients requesting too many URLs. " +
			"It is not the registered 431. " +
			"Slow down and, for server-side Storefront API calls, pass the buyer's IP as Shopify documents.",
		Spec:        vendor("Shopify API response status and error codes", "https://shopify.dev/docs/api/usage/response-codes"),
		AlsoKnownAs: []string{"Shopify Security Rejection"},
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Reduce the request rate and fix the request pattern Shopify flagged before retrying with backoff."},
	},
	{
		Number:   431,
		Phrase:   "Request Header Fields Too Large",
		Standing: Official,
		Summary:  "The server will not process the request because its header fields, together or individually, are too large.",
		Description: "RFC 6585, 5 added 431 for requests whose header section, or a single field in it, exceeds the server's limits; oversized cookies are the usual cause. " +
			"The response should say which field is too large. " +
			"Responses with 431 must not be stored by a cache.",
		Spec: Spec{Title: "RFC 6585", Section: "5", URL: "https://www.rfc-editor.org/rfc/rfc6585.html#section-5"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Shrink the header fields, typically by clearing cookies, and resend."},
	},
	{
		Number:   440,
		Phrase:   "Login Time-out",
		Standing: Unofficial,
		Origin:   "Microsoft IIS",
		Summary:  "Microsoft's status for a client session that has expired, seen mainly from Exchange Outlook Web Access on IIS.",
		Description: "440 tells the client its session is no longer valid and it must log in again; it comes from Outlook Web Access and other IIS-hosted Microsoft applications. " +
			"Microsoft's IIS status code reference does not list it, so its behaviour is defined by the application that sends it.",
		Spec:        vendor("Microsoft Learn: HTTP status codes in IIS (440 is not listed there)", "https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-status-code"),
		AlsoKnownAs: []string{"Login Timeout"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Log in again to obtain a new session, then repeat the request."},
	},
	{
		Number:   444,
		Phrase:   "No Response",
		Standing: Unofficial,
		Origin:   "nginx",
		Summary:  "An nginx instruction to close the connection without sending any response, recorded as 444 in its logs.",
		Description: "In nginx, return 444 closes the connection without sending a response header; operators use it to drop scanners, unknown Host headers and other unwanted traffic cheaply. " +
			"The client never sees the number: it sees the connection close with no response, and only nginx's access log shows 444.",
		Spec:        vendor("nginx documentation: ngx_http_rewrite_module, return", "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return"),
		AlsoKnownAs: []string{"Connection Closed Without Response"},
		Advice: Advice{Retry: NoRetry,
			Text: "The server deliberately dropped the request; retrying the same request will be dropped too."},
	},
	{
		Number:   449,
		Phrase:   "Retry With",
		Standing: Unofficial,
		Origin:   "Microsoft",
		Summary:  "A Microsoft WebDAV extension status asking the client to repeat the request with more information.",
		Description: "Microsoft's WebDAV extensions ([MS-WDV]) define 449 for a request that cannot be satisfied because the client supplied too little information; the server must include an Ms-Echo-Request header, and a client that supports the extension repeats the request with an Ms-Echo-Reply header. " +
			"The specification's grammar spells the reason phrase Reply With. " +
			"Clients that do not support the extension treat it as an unrecognised 4xx, that is as 400.",
		Spec:        vendor("[MS-WDV] 2.2.6 449 Retry With Status Code", "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-wdv/83ecf19f-e0f8-4706-aae5-ba618f52f100"),
		AlsoKnownAs: []string{"Reply With"},
		Headers: []HeaderRule{
			must("Ms-Echo-Request", "the value the client must echo back in Ms-Echo-Reply when it repeats the request",
				vendor("[MS-WDV] 3.2.5 server processing of 449", "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-wdv/1c1f4d5b-4fed-48ef-9bb6-893c2b25b74d")),
		},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Repeat the request with an Ms-Echo-Reply header carrying the value of Ms-Echo-Request."},
	},
	{
		Number:   450,
		Phrase:   "Blocked by Windows Parental Controls",
		Standing: Unofficial,
		Origin:   "Microsoft Windows",
		Summary:  "A Microsoft status for a page blocked by Windows Parental Controls.",
		Description: "Windows Vista-era Parental Controls used 450 when web filtering blocked the requested page for the signed-in account. " +
			"It is produced on the user's own machine, not by the remote server, and the feature has since been replaced by Microsoft Family Safety.",
		Spec: vendor("Microsoft Learn: Parental Controls (Windows API)", "https://learn.microsoft.com/en-us/windows/win32/api/_parcon/"),
		Advice: Advice{Retry: NoRetry,
			Text: "The page is blocked by local policy; only a change to the parental control settings helps."},
	},
	{
		Number:   451,
		Phrase:   "Unavailable For Legal Reasons",
		Standing: Official,
		Summary:  "The server is denying access to the resource as a consequence of a legal demand.",
		Description: "RFC 7725 added 451, a nod to Fahrenheit 451, so censorship and legal takedowns are visible as such instead of hiding behind 403 or 404. " +
			"The response should explain the legal demand and who made it, and the blocking entity SHOULD identify itself in a Link header field with rel=\"blocked-by\" (RFC 7725, 4); that entity may be an intermediary rather than the origin. " +
			"Unlike most 4xx codes, a 451 is cacheable by default (RFC 7725, 3), so send explicit Cache-Control if the block may be lifted soon.",
		Spec:      Spec{Title: "RFC 7725", Section: "3", URL: "https://www.rfc-editor.org/rfc/rfc7725.html#section-3"},
		Cacheable: true,
		Headers: []HeaderRule{
			should("Link", "a URI identifying the entity that blocks access, with rel=\"blocked-by\"", Spec{Title: "RFC 7725", Section: "4", URL: "https://www.rfc-editor.org/rfc/rfc7725.html#section-4"}),
		},
		Advice: Advice{Retry: NoRetry,
			Text: "Access is blocked for legal reasons in this context; repeating the request will not change that."},
	},
	{
		Number:   460,
		Phrase:   "Client Closed Connection",
		Standing: Unofficial,
		Origin:   "AWS Elastic Load Balancing",
		Summary:  "An AWS Application Load Balancer log code for a client that closed its connection before the load balancer could answer.",
		Description: "AWS records 460 when the client closed the connection to the load balancer before the idle timeout elapsed, typically because the client's own timeout was shorter than the backend's response time. " +
			"No client receives it; it appears in access logs and metrics. " +
			"If it is frequent, raise the client timeout or make the target respond faster.",
		Spec: specAWSLoadBalancer,
		Advice: Advice{Retry: NotApplicable,
			Text: "Nothing to retry from the client side: the client had already given up; check client timeouts."},
	},
	{
		Number:   463,
		Phrase:   "Too Many Forwarded Addresses",
		Standing: Unofficial,
		Origin:   "AWS Elastic Load Balancing",
		Summary:  "An AWS Application Load Balancer rejection of a request whose X-Forwarded-For lists too many IP addresses.",
		Description: "The load balancer accepts at most 30 addresses in X-Forwarded-For; a longer list, usually the result of a proxy loop or a client forging the header, gets 463. " +
			"Fix the chain of proxies or strip the header before it reaches the load balancer.",
		Spec: specAWSLoadBalancer,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Send the request with a shorter X-Forwarded-For header."},
	},
	{
		Number:   464,
		Phrase:   "Incompatible Protocol",
		Standing: Unofficial,
		Origin:   "AWS Elastic Load Balancing",
		Summary:  "An AWS Application Load Balancer rejection of a request whose protocol does not match the target group's protocol version.",
		Description: "AWS sends 464 when, for example, an HTTP/1.1 request reaches a target group configured for gRPC or HTTP/2 only, or the reverse. " +
			"It is a configuration mismatch between the client and the load balancer, not a server failure.",
		Spec: specAWSLoadBalancer,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Use the protocol version the target group expects, or ask the operator to change the target group."},
	},
	{
		Number:   494,
		Phrase:   "Request Header Too Large",
		Standing: Unofficial,
		Origin:   "nginx",
		Summary:  "nginx's internal code for a request header that exceeds its buffers, sent to clients as 400.",
		Description: "nginx uses 494 internally when a request header field does not fit large_client_header_buffers, so that operators can attach an error_page to this case. " +
			"On the wire the client receives 400 with a page titled Request Header Or Cookie Too Large; 494 itself shows only in configuration and logs. " +
			"The standard code for the condition is 431.",
		Spec:        specNginxRequestH,
		AlsoKnownAs: []string{"Request Header Or Cookie Too Large"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Shrink the request header fields, usually by clearing cookies, and resend."},
	},
	{
		Number:   495,
		Phrase:   "SSL Certificate Error",
		Standing: Unofficial,
		Origin:   "nginx",
		Summary:  "nginx's internal code for a client certificate that failed verification, sent to clients as 400.",
		Description: "With ssl_verify_client enabled, nginx marks a request whose client certificate failed verification with 495 so an error_page can handle it. " +
			"Unless such a page changes the status, the client receives 400 Bad Request.",
		Spec: specNginxSSLErrors,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Present a valid client certificate that the server trusts."},
	},
	{
		Number:   496,
		Phrase:   "SSL Certificate Required",
		Standing: Unofficial,
		Origin:   "nginx",
		Summary:  "nginx's internal code for a request without the client certificate it requires, sent to clients as 400.",
		Description: "With ssl_verify_client on, nginx marks a request that presented no client certificate with 496 so an error_page can handle it. " +
			"Unless such a page changes the status, the client receives 400 Bad Request.",
		Spec: specNginxSSLErrors,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Configure the client to present its certificate during the TLS handshake."},
	},
	{
		Number:   497,
		Phrase:   "HTTP Request Sent to HTTPS Port",
		Standing: Unofficial,
		Origin:   "nginx",
		Summary:  "nginx's internal code for a plain HTTP request sent to an HTTPS port, sent to clients as 400.",
		Description: "nginx marks a cleartext request arriving on a TLS port with 497; operators often use error_page 497 to redirect it to the https URL. " +
			"Without that, the client receives 400 Bad Request.",
		Spec: specNginxSSLErrors,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Use https for this port."},
	},
	{
		Number:   498,
		Phrase:   "Invalid Token",
		Standing: Unofficial,
		Origin:   "Esri ArcGIS",
		Summary:  "Esri ArcGIS's code for an expired or otherwise invalid access token.",
		Description: "ArcGIS Server and ArcGIS Online report 498 when the token sent with a request has expired or is invalid. " +
			"Often the HTTP status line says 200 and the 498 is inside the JSON error object, so clients must check the body; ArcGIS client libraries surface it as an authentication error.",
		Spec: specEsriErrors,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Obtain a new token and repeat the request with it."},
	},
	{
		Number:   499,
		Phrase:   "Client Closed Request",
		Standing: Unofficial,
		Origin:   "nginx",
		Summary:  "nginx's log code for a client that closed the connection before nginx sent the response.",
		Description: "nginx records 499 when the client goes away while the request is still being processed, typically because the client or a load balancer in front timed out first. " +
			"Nothing is sent to the client, so no client ever receives 499; a burst in the logs usually means upstream responses are slower than client timeouts. " +
			"Esri ArcGIS separately uses 499 for Token Required, when a secured resource is requested without a token.",
		Spec:        specNginxRequestH,
		AlsoKnownAs: []string{"Token Required"},
		Advice: Advice{Retry: NotApplicable,
			Text: "No client receives this; if you see it in logs, compare client timeouts with upstream response times."},
	},

	// ---- 5xx Server Error ---------------------------------------------------
	{
		Number:   500,
		Phrase:   "Internal Server Error",
		Standing: Official,
		Summary:  "The server met an unexpected condition that prevented it from fulfilling the request.",
		Description: "500 is the generic server-side failure, typically an unhandled exception or a bug (RFC 9110, 15.6.1). " +
			"Send a more specific 5xx when one applies, and never put stack traces or internal details in the response, only a reference the operator can look up. " +
			"The request may or may not have had an effect, so a client may retry an idempotent request after a delay but should not blindly repeat a POST.",
		Spec: Spec{Title: "RFC 9110", Section: "15.6.1", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay with backoff; for others, check whether the action happened first."},
	},
	{
		Number:   501,
		Phrase:   "Not Implemented",
		Standing: Official,
		Summary:  "The server does not support the functionality required to fulfil the request.",
		Description: "501 is the right answer to a request method the server does not recognise or cannot support for any resource (RFC 9110, 15.6.2), where 405 is for a known method that one resource refuses. " +
			"501 is heuristically cacheable.",
		Spec:      Spec{Title: "RFC 9110", Section: "15.6.2", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.2"},
		Cacheable: true,
		Advice: Advice{Retry: NoRetry,
			Text: "The server cannot do this; use a different method or server."},
	},
	{
		Number:   502,
		Phrase:   "Bad Gateway",
		Standing: Official,
		Summary:  "A gateway or proxy received an invalid response from the inbound server it contacted.",
		Description: "502 means the upstream answered, but with something the gateway could not use: a connection reset, a malformed response, a crashed application process (RFC 9110, 15.6.3). " +
			"504 is the related case where the upstream did not answer in time. " +
			"These are usually transient, but the upstream may have acted on the request before failing, so only idempotent requests are safe to retry automatically.",
		Spec: Spec{Title: "RFC 9110", Section: "15.6.3", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.3"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay with backoff."},
	},
	{
		Number:   503,
		Phrase:   "Service Unavailable",
		Standing: Official,
		Summary:  "The server cannot handle the request right now because of temporary overload or scheduled maintenance.",
		Description: "503 says the condition is temporary and will be relieved after some delay (RFC 9110, 15.6.4). " +
			"The server MAY send Retry-After to say how long; that is the right way to announce maintenance windows, and search engines treat a 503 as temporary instead of dropping the page. " +
			"A server is not required to use 503 when overloaded and may simply refuse connections. " +
			"Clients should wait at least Retry-After before retrying, and only retry idempotent requests automatically.",
		Spec: Spec{Title: "RFC 9110", Section: "15.6.4", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4"},
		Headers: []HeaderRule{
			may("Retry-After", "how long the client should wait before retrying", Spec{Title: "RFC 9110", Section: "15.6.4", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4"}),
		},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true, HonourRetryAfter: true,
			Text: "Wait for the time in Retry-After, or back off with jitter, then retry idempotent requests."},
	},
	{
		Number:   504,
		Phrase:   "Gateway Timeout",
		Standing: Official,
		Summary:  "A gateway or proxy did not get a response from the inbound server in time.",
		Description: "504 means the gateway gave up waiting on the upstream (RFC 9110, 15.6.5); compare 502, where the upstream answered badly. " +
			"The upstream may still be working on the request, and may finish it, so retry only idempotent requests, or make the operation idempotent with a client-generated key.",
		Spec:        Spec{Title: "RFC 9110", Section: "15.6.5", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.5"},
		AlsoKnownAs: []string{"Gateway Time-out"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay; the original may still complete."},
	},
	{
		Number:   505,
		Phrase:   "HTTP Version Not Supported",
		Standing: Official,
		Summary:  "The server does not support, or refuses to support, the major HTTP version of the request.",
		Description: "The server SHOULD describe why the version is not supported and which protocols it does support (RFC 9110, 15.6.6). " +
			"The client should repeat the request using a supported version.",
		Spec: Spec{Title: "RFC 9110", Section: "15.6.6", URL: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.6"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Repeat the request with an HTTP version the server supports."},
	},
	{
		Number:   506,
		Phrase:   "Variant Also Negotiates",
		Standing: Official,
		Summary:  "The server's transparent content negotiation is misconfigured: the chosen variant itself negotiates.",
		Description: "RFC 2295, the experimental Transparent Content Negotiation scheme, uses 506 when the variant selected for a negotiable resource is itself set up to negotiate, which would loop. " +
			"It is a configuration error on the server and the client cannot fix it.",
		Spec: Spec{Title: "RFC 2295", Section: "8.1", URL: "https://www.rfc-editor.org/rfc/rfc2295.html#section-8.1"},
		Advice: Advice{Retry: NoRetry,
			Text: "Report the problem to the site operator; the same request will fail again."},
	},
	{
		Number:   507,
		Phrase:   "Insufficient Storage",
		Standing: Official,
		Summary:  "The server cannot store the representation needed to complete a WebDAV request.",
		Description: "RFC 4918, 11.5 defines 507 for a method that could not be performed because the server lacks space, and treats the condition as temporary. " +
			"A client may retry later or after freeing space, such as by deleting files from the collection.",
		Spec: Spec{Title: "RFC 4918", Section: "11.5", URL: "https://www.rfc-editor.org/rfc/rfc4918.html#section-11.5"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Free space or wait, then retry."},
	},
	{
		Number:   508,
		Phrase:   "Loop Detected",
		Standing: Official,
		Summary:  "The server stopped a WebDAV Depth: infinity operation because it found an infinite loop.",
		Description: "With WebDAV bindings (RFC 5842) collections can contain themselves, so a Depth: infinity request may never end; 508 says the whole operation failed for that reason. " +
			"It is the fallback for clients that did not ask for 208 Already Reported.",
		Spec: Spec{Title: "RFC 5842", Section: "7.2", URL: "https://www.rfc-editor.org/rfc/rfc5842.html#section-7.2"},
		Advice: Advice{Retry: NoRetry,
			Text: "Do not repeat the same request; use a finite Depth or support 208 Already Reported."},
	},
	{
		Number:   509,
		Phrase:   "Bandwidth Limit Exceeded",
		Standing: Unofficial,
		Origin:   "Apache HTTP Server / cPanel",
		Summary:  "A hosting status saying the site has used up its bandwidth allowance.",
		Description: "509 comes from bandwidth-limiting Apache modules and is shown by cPanel and other hosting panels once an account exceeds its monthly transfer quota. " +
			"It is not registered; the number 509 is unassigned in the IANA registry. " +
			"Visitors can only wait for the quota to reset or for the site owner to raise it.",
		Spec: vendor("cPanel documentation: Unsuspend Bandwidth Exceeders", "https://docs.cpanel.net/whm/account-functions/unsuspend-bandwidth-exceeders/"),
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Retry much later, after the hosting quota resets or is raised."},
	},
	{
		Number:   510,
		Phrase:   "Not Extended",
		Standing: Historic,
		Summary:  "A status from the abandoned HTTP Extension Framework saying the request must declare further extensions.",
		Description: "RFC 2774 (2000) proposed a framework for mandatory HTTP extensions, with 510 meaning the server requires an extension the request did not declare. " +
			"The framework was never adopted, RFC 2774 has been moved to Historic status, and IANA now lists the code as Not Extended (OBSOLETED). " +
			"Servers should not send it.",
		Spec:     Spec{Title: "RFC 2774", Section: "7", URL: "https://www.rfc-editor.org/rfc/rfc2774.html#section-7"},
		IANAName: "Not Extended (OBSOLETED)",
		Advice: Advice{Retry: RetryAfterChange,
			Text: "The request would need an extension declaration that hardly any software supports; treat it as a failure."},
	},
	{
		Number:   511,
		Phrase:   "Network Authentication Required",
		Standing: Official,
		Summary:  "The client must authenticate to gain network access, typically at a captive portal.",
		Description: "RFC 6585, 6 gives captive portals on Wi-Fi networks an honest way to intercept requests: instead of redirecting or spoofing the site, they answer 511 with a page that SHOULD link to where the user can log in. " +
			"Origin servers must never send it, and responses with 511 must not be stored by a cache. " +
			"Non-browser clients should surface the condition rather than parse the portal page as the real response.",
		Spec: Spec{Title: "RFC 6585", Section: "6", URL: "https://www.rfc-editor.org/rfc/rfc6585.html#section-6"},
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Log in to the network through the portal page, then repeat the request."},
	},
	{
		Number:   520,
		Phrase:   "Web Server Returned an Unknown Error",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare's catch-all for an origin response it could not interpret, such as an empty or malformed reply.",
		Description: "Cloudflare returns 520 when the origin closed the connection, reset it, or sent an empty, invalid or oversized response. " +
			"The request may have reached the origin's application, so only idempotent requests are safe to retry; the site operator should check the origin's logs.",
		Spec:        specCloudflare5xx,
		AlsoKnownAs: []string{"Web Server Is Returning an Unknown Error"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay; the operator must fix the origin if it persists."},
	},
	{
		Number:   521,
		Phrase:   "Web Server Is Down",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare could not connect to the origin server because it refused the connection.",
		Description: "Cloudflare returns 521 when the origin refused the TCP connection, for example because the web server is not running or a firewall blocks Cloudflare's addresses. " +
			"No request reached the origin.",
		Spec: specCloudflare5xx,
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Retry after a delay; the request never reached the origin."},
	},
	{
		Number:   522,
		Phrase:   "Connection Timed Out",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare timed out while connecting to, or waiting for the origin to acknowledge, the request.",
		Description: "Cloudflare returns 522 when the TCP handshake with the origin does not complete in time, or the origin does not acknowledge the request after connecting; overloaded origins and firewalls that drop Cloudflare's traffic are the usual causes. " +
			"Compare 524, where the connection worked but the response took too long.",
		Spec: specCloudflare5xx,
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay."},
	},
	{
		Number:   523,
		Phrase:   "Origin Is Unreachable",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare could not reach the origin server at all, typically because of DNS or routing problems.",
		Description: "Cloudflare returns 523 when the origin's address cannot be reached, for example after an IP change not reflected in DNS or a routing failure. " +
			"No request reached the origin.",
		Spec: specCloudflare5xx,
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Retry after a delay; the operator must fix DNS or routing if it persists."},
	},
	{
		Number:   524,
		Phrase:   "A Timeout Occurred",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare connected to the origin but the origin did not send a response before Cloudflare's timeout.",
		Description: "Cloudflare returns 524 when a connection succeeded but no HTTP response arrived within its proxy read timeout (100 seconds by default). " +
			"The origin is probably still processing the request and may complete it, so retrying a non-idempotent request can do the work twice; long jobs should return 202 and be polled instead.",
		Spec: specCloudflare5xx,
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay; the original request may still complete."},
	},
	{
		Number:   525,
		Phrase:   "SSL Handshake Failed",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare could not complete a TLS handshake with the origin server.",
		Description: "Cloudflare returns 525 when the origin's TLS configuration is incompatible with Cloudflare's, for example no shared cipher suites or no certificate for the requested name. " +
			"No request reached the origin; the operator must fix the origin's TLS setup.",
		Spec: specCloudflare5xx,
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Retry later; the site operator must fix the origin's TLS configuration."},
	},
	{
		Number:   526,
		Phrase:   "Invalid SSL Certificate",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare could not validate the origin server's TLS certificate.",
		Description: "With Full (strict) TLS mode, Cloudflare returns 526 when the origin's certificate is expired, self-signed, issued by an untrusted CA or for the wrong name. " +
			"No request reached the origin; the operator must install a valid certificate.",
		Spec: specCloudflare5xx,
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Retry later; the site operator must fix the origin's certificate."},
	},
	{
		Number:   527,
		Phrase:   "Railgun Error",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare's status for a failed connection between its edge and the origin's Railgun listener.",
		Description: "Railgun was Cloudflare's WAN optimiser for dynamic content; 527 meant the connection between Cloudflare and the Railgun listener at the origin failed. " +
			"Cloudflare retired Railgun in 2024, so the code is historic and should no longer appear.",
		Spec:        specCloudflare5xx,
		AlsoKnownAs: []string{"Railgun Listener to Origin Error"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Retry idempotent requests after a delay."},
	},
	{
		Number:   529,
		Phrase:   "Site is overloaded",
		Standing: Unofficial,
		Origin:   "Qualys SSL Labs",
		Summary:  "The Qualys SSL Labs API's status for a service too overloaded to accept the request.",
		Description: "The SSL Labs assessment API answers 529 when the whole service is overloaded, as opposed to 429 when one client exceeds its own limits. " +
			"Its documentation asks clients to wait, for example 15 to 30 minutes, before trying again.",
		Spec:        vendor("SSL Labs API documentation v3", "https://github.com/ssllabs/ssllabs-scan/blob/stable/ssllabs-api-docs-v3.md"),
		AlsoKnownAs: []string{"The Service Is Overloaded"},
		Advice: Advice{Retry: RetryAfterDelay,
			Text: "Wait several minutes before retrying; the whole service is overloaded."},
	},
	{
		Number:   530,
		Phrase:   "Origin DNS Error",
		Standing: Unofficial,
		Origin:   "Cloudflare",
		Summary:  "Cloudflare's status that accompanies a Cloudflare 1xxx error shown in the response body.",
		Description: "Cloudflare returns HTTP 530 together with a 1xxx error page, most often 1016 Origin DNS error, when the origin's hostname cannot be resolved or the origin cannot be reached; the body's 1xxx code says which. " +
			"Pantheon's hosting platform also uses 530 for a frozen site.",
		Spec:        specCloudflare5xx,
		AlsoKnownAs: []string{"Site Frozen"},
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Read the 1xxx code in the body; retry later if it describes a temporary origin problem."},
	},
	{
		Number:   561,
		Phrase:   "Unauthorized",
		Standing: Unofficial,
		Origin:   "AWS Elastic Load Balancing",
		Summary:  "An AWS Application Load Balancer status for an identity provider error during user authentication.",
		Description: "When an Application Load Balancer authenticates users with OIDC or Amazon Cognito, it returns 561 if the identity provider answered its token or user-info request with an error. " +
			"It is not the registered 401; the fix is usually in the load balancer or identity provider configuration.",
		Spec: specAWSLoadBalancer,
		Advice: Advice{Retry: RetryAfterChange,
			Text: "Sign in again; if it persists, the operator must fix the identity provider configuration."},
	},
	{
		Number:   598,
		Phrase:   "Network Read Timeout Error",
		Standing: Unofficial,
		Origin:   "HTTP proxies (informal convention)",
		Summary:  "An informal proxy status for a read timeout on the network behind the proxy.",
		Description: "Some HTTP proxies have used 598 to tell the client that reading the upstream response timed out; no vendor or specification defines it. " +
			"A client that does not recognise it treats it as 500 (RFC 9110, 15), and the standard code for the condition is 504.",
		Spec: specNoDefinition,
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Treat it like 504: retry idempotent requests after a delay."},
	},
	{
		Number:   599,
		Phrase:   "Network Connect Timeout Error",
		Standing: Unofficial,
		Origin:   "HTTP proxies (informal convention)",
		Summary:  "An informal proxy status for a connect timeout on the network behind the proxy.",
		Description: "Some HTTP proxies and client libraries have used 599 for a timeout while connecting upstream; no vendor or specification defines it. " +
			"A client that does not recognise it treats it as 500 (RFC 9110, 15), and the standard code for the condition is 504.",
		Spec: specNoDefinition,
		Advice: Advice{Retry: RetryAfterDelay, IdempotentOnly: true,
			Text: "Treat it like 504: retry idempotent requests after a delay."},
	},
}
