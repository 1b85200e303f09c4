// Package spelling measures how far apart two spellings are, so that the
// command line, the registry, the rules file and the exams share one idea of
// what counts as a typo in their "did you mean" answers.
package spelling

// Distance is the optimal string alignment distance between a and b: the
// fewest single-rune insertions, deletions, substitutions and swaps of two
// neighbouring runes that turn a into b ("lsit" is one swap from "list",
// "serv" one insertion from "serve"). It is case-sensitive; callers fold
// case first.
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows are enough: a swap looks two rows back.
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

// Tolerance is how many edits a word of n runes may be away from another
// and still count as a misspelling of it: one per three runes, so none for
// "ok" or "im", one for "list" or "serve", two for "search" or "explain".
// Longer words tolerate more because a reader still recognises them; short
// ones tolerate less because one edit makes another real word ("limit" is
// two edits from "list", and is a word people search for).
func Tolerance(n int) int { return n / 3 }

// Near reports whether typed is likely a misspelling of word: within
// Tolerance(len(word)) edits, and not equal to it.
func Near(typed, word string) bool {
	if typed == word {
		return false
	}
	d := Distance(typed, word)
	return d > 0 && d <= Tolerance(len([]rune(word)))
}

// maxClosestLen is the longest name Closest compares: a name a client
// controls may be long, and Distance's work is the product of the lengths.
const maxClosestLen = 64

// Closest is the name among names nearest to typed, within maxEdits edits
// once both are put through norm (e.g. lower case, separators unified),
// the first of several equally near; "" when none is that near, or typed
// or the name is longer than 64 bytes after norm. It serves "did you mean"
// over a fixed list (rule fields, exam names), where Near's one typo per
// three letters would be too strict for short names.
func Closest(typed string, names []string, norm func(string) string, maxEdits int) string {
	t := norm(typed)
	if len(t) > maxClosestLen {
		return ""
	}
	best, bestD := "", maxEdits+1
	for _, n := range names {
		m := norm(n)
		if len(m) > maxClosestLen {
			continue
		}
		if d := Distance(t, m); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
