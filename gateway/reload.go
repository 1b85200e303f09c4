package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/statuskit/statuskit/gateway/rule"
)

// reloadSettle is how long the rules file must be quiet before it is read:
// editors save in several steps (write a temporary file, rename it over
// the old one), and a half-written file is not worth parsing.
const reloadSettle = 50 * time.Millisecond

// watchRules watches the directory of the rules file, not the file: an
// editor that saves by renaming a new file over the old one replaces the
// inode a file watch would follow, and Kubernetes swaps a ..data symlink
// in the directory.
func (g *Gateway) watchRules() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch the rules file: %w", err)
	}
	dir := filepath.Dir(g.cfg.RulesFile)
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch the rules file's directory %s: %w", dir, err)
	}
	return w, nil
}

// watch reloads the rules file after it changes, until ctx ends.
func (g *Gateway) watch(ctx context.Context, w *fsnotify.Watcher) {
	defer w.Close()
	base := filepath.Base(g.cfg.RulesFile)
	// The file may have changed between New reading it and the watch
	// starting; a read now catches that (an unchanged file is not parsed).
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if name := filepath.Base(ev.Name); name == base || strings.HasPrefix(name, "..") {
				timer.Reset(reloadSettle)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			g.log.Warn("watching the rules file", "file", g.cfg.RulesFile, "error", err.Error())
		case <-timer.C:
			g.reloadFile()
		}
	}
}

// reloadFile reads the rules file and puts it in force if it changed and
// is valid. A bad file keeps the rules in force and says why in the log,
// once per content.
func (g *Gateway) reloadFile() {
	path := g.cfg.RulesFile
	data, err := readRules(path, g.cfg.Limits.MaxBytes)
	g.parseMu.Lock()
	defer g.parseMu.Unlock()
	g.reloadMu.Lock()
	defer g.reloadMu.Unlock()
	if err != nil {
		if g.lastFile != "" {
			g.log.Error("rules file not reloaded: it cannot be read; the rules in force stay", "file", path, "error", err.Error())
		}
		g.lastFile = ""
		return
	}
	d := digest(data)
	if d == g.lastFile {
		return
	}
	g.lastFile = d
	set, err := rule.Parse(data, path, g.cfg.Limits)
	if err != nil {
		g.log.Error("rules file not reloaded: it has errors; the rules in force stay", "file", path, "errors", err.Error())
		return
	}
	g.install(set, path)
	g.log.Info("rules reloaded", "file", path, "rules", len(set.Rules))
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
