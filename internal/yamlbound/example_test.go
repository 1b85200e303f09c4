package yamlbound_test

import (
	"fmt"
	"strings"

	yamlparser "github.com/goccy/go-yaml/parser"

	"github.com/statuskit/statuskit/internal/yamlbound"
)

func ExampleScan() {
	lim := yamlbound.Limits{Nesting: 64, Tokens: 200_000, MappingCost: 100_000_000}
	tokens, err := yamlbound.Scan([]byte("rules: [{id: slow}]"), lim)
	if err != nil {
		panic(err)
	}
	file, err := yamlparser.Parse(tokens, 0)
	fmt.Println(len(file.Docs), err)

	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	_, err = yamlbound.Scan([]byte(deep), lim)
	fmt.Println(err)
	// Output:
	// 1 <nil>
	// the document nests mappings and lists more than 64 deep (line 1); at most 64 are read, e.g. {"a": {"b": [1]}} is 3
}
