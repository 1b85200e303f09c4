package check

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// OpenAPITargets reads an OpenAPI 3.x document (JSON or YAML) and returns,
// against base, a target for every path (probed in full, as a URL) and one
// for every operation whose method is not GET, HEAD or OPTIONS (sent once,
// with its example content, when Config.AllowUnsafe allows). Path
// parameters take the parameter's example, its schema's example, default
// or first enum value, else a value of its type (1, true, a UUID, or
// "example"); required query parameters likewise, when they have one.
func OpenAPITargets(doc []byte, base string) ([]Target, error) {
	b, err := ParseTarget(base)
	if err != nil {
		return nil, fmt.Errorf("--base: %w", err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	spec, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("not an OpenAPI document: %w", err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		return nil, fmt.Errorf("openapi: %q: only OpenAPI 3.x documents are read, e.g. \"openapi\": \"3.1.0\"", spec.OpenAPI)
	}
	if spec.Paths == nil || spec.Paths.Len() == 0 {
		return nil, fmt.Errorf("the document has no paths to check")
	}
	prefix := strings.TrimSuffix(b.String(), "/")
	var out []Target
	paths := spec.Paths.Keys()
	slices.Sort(paths)
	for _, p := range paths {
		item := spec.Paths.Value(p)
		ops := item.Operations()
		get := ops["GET"]
		out = append(out, Target{URL: prefix + fill(p, item.Parameters, get)})
		methods := make([]string, 0, len(ops))
		for m := range ops {
			methods = append(methods, m)
		}
		slices.Sort(methods)
		for _, m := range methods {
			if m == "GET" || m == "HEAD" || m == "OPTIONS" {
				continue
			}
			op := ops[m]
			t := Target{URL: prefix + fill(p, item.Parameters, op), Method: m}
			t.ContentType, t.Content = exampleContent(op)
			out = append(out, t)
		}
		if len(out) > MaxURLs {
			return nil, fmt.Errorf("more than %d operations; check part of the document", MaxURLs)
		}
	}
	return out, nil
}

// fill substitutes the path parameters of template and appends the
// required query parameters that have a value.
func fill(template string, shared openapi3.Parameters, op *openapi3.Operation) string {
	params := slices.Clone(shared)
	if op != nil {
		params = append(params, op.Parameters...)
	}
	path := template
	q := url.Values{}
	for _, ref := range params {
		p := ref.Value
		if p == nil {
			continue
		}
		v, ok := paramValue(p)
		switch {
		case p.In == openapi3.ParameterInPath:
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(v))
		case p.In == openapi3.ParameterInQuery && p.Required && ok:
			q.Set(p.Name, v)
		}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path
}

// paramValue is an example value for p, and whether the document gave
// one (rather than one made up from the type).
func paramValue(p *openapi3.Parameter) (string, bool) {
	if p.Example != nil {
		return scalar(p.Example), true
	}
	for _, ex := range p.Examples {
		if ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return scalar(ex.Value.Value), true
		}
	}
	if p.Schema != nil && p.Schema.Value != nil {
		s := p.Schema.Value
		switch {
		case s.Example != nil:
			return scalar(s.Example), true
		case s.Default != nil:
			return scalar(s.Default), true
		case len(s.Enum) > 0:
			return scalar(s.Enum[0]), true
		case s.Type != nil && (s.Type.Includes("integer") || s.Type.Includes("number")):
			return "1", false
		case s.Type != nil && s.Type.Includes("boolean"):
			return "true", false
		case s.Format == "uuid":
			return "00000000-0000-4000-8000-000000000000", false
		}
	}
	return "example", false
}

func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", v), "0"), ".")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// exampleContent is the operation's example request content, JSON first.
func exampleContent(op *openapi3.Operation) (string, []byte) {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return "", nil
	}
	content := op.RequestBody.Value.Content
	types := make([]string, 0, len(content))
	for t := range content {
		types = append(types, t)
	}
	slices.SortFunc(types, func(a, b string) int {
		aj, bj := strings.Contains(a, "json"), strings.Contains(b, "json")
		if aj != bj {
			if aj {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, t := range types {
		mt := content[t]
		var ex any
		switch {
		case mt.Example != nil:
			ex = mt.Example
		case len(mt.Examples) > 0:
			for _, e := range mt.Examples {
				if e != nil && e.Value != nil {
					ex = e.Value.Value
					break
				}
			}
		case mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil:
			ex = mt.Schema.Value.Example
		}
		if ex == nil {
			continue
		}
		if s, ok := ex.(string); ok && !strings.Contains(t, "json") {
			return t, []byte(s)
		}
		b, err := json.Marshal(ex)
		if err == nil {
			return t, b
		}
	}
	if len(types) > 0 {
		return types[0], []byte{}
	}
	return "", nil
}
