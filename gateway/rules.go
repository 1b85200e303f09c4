package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/statuskit/statuskit/gateway/rule"
)

// ruleSet is the rules in force, swapped whole on reload: a request reads
// one pointer and sees one consistent set.
type ruleSet struct {
	set   *rule.Set
	rules []*liveRule
	// doc is the set as JSON (and a newline), the document GET
	// /__statuskit/rules sends; it is shared and never written to;
	// etag identifies it for If-Match.
	doc  []byte
	etag string
	// source says where the rules came from ("rules.yaml", "PUT
	// /__statuskit/rules", "none"); loaded when.
	source string
	loaded time.Time
}

// liveRule is a rule with what applying it needs at run time.
type liveRule struct {
	*rule.Rule
	// rng is the rule's own stream of draws, seeded from the gateway's
	// seed and the rule's id: one rule's traffic never shifts another's
	// draws, and the same requests in the same order draw the same.
	mu  sync.Mutex
	rng *rand.Rand
	// inFlight counts matching requests being forwarded (for shed).
	inFlight atomic.Int64
	// seqPrefix keys the rule's sequence positions in the store; it
	// includes a digest of the steps, so editing a sequence starts it
	// over while a reload that keeps it keeps every client's position.
	seqPrefix string
}

func newRuleSet(set *rule.Set, seed uint64, source string) *ruleSet {
	doc, _ := json.Marshal(set) // a parsed Set always encodes
	doc = append(doc, '\n')
	sum := sha256.Sum256(doc)
	rs := &ruleSet{set: set, doc: doc, etag: hex.EncodeToString(sum[:8]), source: source, loaded: time.Now()}
	for _, r := range set.Rules {
		lr := &liveRule{Rule: r, rng: ruleStream(seed, r.ID)}
		if r.Sequence != nil {
			steps, _ := json.Marshal(r.Sequence)
			d := sha256.Sum256(steps)
			lr.seqPrefix = "gateway\n" + r.ID + "\n" + hex.EncodeToString(d[:6]) + "\n"
		}
		rs.rules = append(rs.rules, lr)
	}
	return rs
}

// ruleStream is the random stream of the rule id under seed.
func ruleStream(seed uint64, id string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// noRules is the set in force when none were given.
var noRules = &rule.Set{Rules: []*rule.Rule{}}
