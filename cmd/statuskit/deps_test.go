package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// templateCost explains why the template packages are kept out; a failure
// quotes it.
const templateCost = `executing a text/template or html/template template calls reflect.Value.MethodByName with a name known only at run time, so the Go linker keeps every exported method of every type that reaches an interface (go-redis alone adds ~4 MB): measured, the statuskit binary was 26.5 MB with the HTML pages on html/template and 17.3 MB without, and the container image must stay under 25 MB (container/image_test.go). Write HTML by hand as reply, reference and grade do (html.EscapeString, reply.URLAttr)`

// templateImporters may import text/template because they only execute a
// template when a program asks for one: cobra parses and runs its usage,
// help and version templates only after SetUsageTemplate,
// SetHelpTemplate or SetVersionTemplate (its defaults are plain Go code),
// so while statuskit calls none of them the linker drops the execution.
var templateImporters = map[string]bool{"github.com/spf13/cobra": true}

// templateSetters are the calls that would make cobra execute a template.
var templateSetters = []string{"SetUsageTemplate(", "SetHelpTemplate(", "SetVersionTemplate("}

// startupCost names modules kept out of the binary because their package
// initialisation is paid on every start, and why.
var startupCost = map[string]string{
	"github.com/getkin/kin-openapi":         "it links a JSON Schema validator (santhosh-tekuri/jsonschema) whose package initialisation cost every start ~14 ms and 1.7 MB, for the few OpenAPI fields statuskit check reads; check/openapi.go reads them itself (kin-openapi stays a test-only dependency of server/openapi_test.go)",
	"github.com/santhosh-tekuri/jsonschema": "its package initialisation cost every start of statuskit ~10-14 ms and 1.7 MB (it compiles its meta-schemas and regular expressions at init)",
}

// TestNoTemplatePackageIsLinked keeps the statuskit binary small: no
// package it links may import html/template, only templateImporters may
// import text/template, and statuskit's own code may not call
// templateSetters. It reads `go list -deps`, so it needs no build.
func TestNoTemplatePackageIsLinked(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}\t{{with .Module}}{{.Path}}{{end}}\t{{.Dir}}\t{{join .GoFiles \" \"}}\t{{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(fields) != 5 {
			t.Fatalf("go list -deps printed %q, want five tab-separated fields", line)
		}
		pkg, module, dir, files, imports := fields[0], fields[1], fields[2], strings.Fields(fields[3]), strings.Fields(fields[4])
		for _, imp := range imports {
			switch {
			case imp == "html/template" && pkg != "html/template":
				t.Errorf("%s imports html/template, which cmd/statuskit must not link: %s", pkg, templateCost)
			case imp == "text/template" && !templateImporters[pkg] && pkg != "html/template":
				t.Errorf("%s imports text/template, which cmd/statuskit must not link: %s", pkg, templateCost)
			}
		}
		if why, ok := startupCost[module]; ok {
			t.Errorf("%s (module %s) is linked into cmd/statuskit: %s", pkg, module, why)
		}
		if module != "github.com/statuskit/statuskit" {
			continue
		}
		for _, name := range files {
			src, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			for _, call := range templateSetters {
				if bytes.Contains(src, []byte("."+call)) {
					t.Errorf("%s/%s calls cobra's %s, which makes cobra execute a text/template: %s", pkg, name, strings.TrimSuffix(call, "("), templateCost)
				}
			}
		}
	}
}
