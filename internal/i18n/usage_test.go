package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	templateKey = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	// fieldKeys are the label and hint keys of the shared field partials:
	// (field . "name" "label.key" "hint=hint.key" …).
	fieldCall = regexp.MustCompile(`\(field \S+ "[a-z0-9_]+" "([a-z0-9_.]+)"([^)]*)\)`)
	fieldHint = regexp.MustCompile(`"hint=([a-z0-9_.]+)"`)
	goLiteral = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)
)

// Every message key the code and the templates use exists in the
// catalogue, so that no user ever sees a raw key. Go string literals that
// look like a key of a known area (the part before the first dot) are
// checked too; that catches typos in error keys.
func TestEveryUsedKeyExists(t *testing.T) {
	root := filepath.Join("..", "..")
	areas := map[string]bool{}
	for k := range catalogues[NL] {
		areas[strings.SplitN(k, ".", 2)[0]] = true
	}
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		isTmpl := strings.HasSuffix(path, ".html")
		isGo := strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")
		if !isTmpl && !isGo {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var keys []string
		if isTmpl {
			for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
				keys = append(keys, m[1])
			}
			for _, m := range fieldCall.FindAllStringSubmatch(string(b), -1) {
				keys = append(keys, m[1])
				for _, h := range fieldHint.FindAllStringSubmatch(m[2], -1) {
					keys = append(keys, h[1])
				}
			}
		} else {
			for _, m := range goLiteral.FindAllStringSubmatch(string(b), -1) {
				if area := strings.SplitN(m[1], ".", 2)[0]; areas[area] && !ignoredLiteral(m[1]) {
					keys = append(keys, m[1])
				}
			}
		}
		for _, k := range keys {
			checked++
			if !Has(k) {
				t.Errorf("%s uses message key %q, which is not in the catalogue", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("only %d keys found; the scan is not looking at the code", checked)
	}
}

// ignoredLiteral lists dotted literals that are not message keys: audit
// action codes, permissions, capability names and file names.
func ignoredLiteral(s string) bool {
	for _, p := range []string{"audit.action.", "audit.read", "audit.export", "audit.verify", "audit.view", "actions.own", "actions.manage",
		"dashboard.view", "org.read", "org.manage", "users.manage", "delegation.manage", "delegation.grant", "delegation.revoke", "delegation.access", "outbox.view",
		"user.create", "user.roles", "user.reset_password", "user.enable", "user.disable", "login.password", "login.failed", "login.oidc",
		"mfa.verify", "mfa.enable", "user.view", "mfa.reset", "session.end_all", "session.create", "token.create", "token.revoke", "needtoknow.grant", "needtoknow.revoke",
		"needtoknow.list", "people.read", "people.manage", "people.directory", "people.all_teams", "risk.all_teams", "risk.all_findings", "people.candidates", "risk.register.export", "risk.read", "risk.edit", "risk.settings", "risk.approve", "action.create", "actions.title_", "action.status.", "organisation.create", "sessions.purge", "actions.remind",
		"bibob.read", "bibob.screen", "bibob.decide", "bibob.settings", "bibob.interventions", "bibob.figures", "bibob.remind",
		// meldpunt permissions, audit actions and jobs (issue 4)
		"goals.read", "goals.edit", "goals.record", "action.escalate", "actions.escalate", "bibob.screenings", "bibob.interventies", // goals: issue 7
		"report.read", "report.update", "report.submit", "report.intake", "report.handle", "report.identity", "report.insight", "report.settings", "report.remind", "report.retention"} {
		if s == p || (strings.HasSuffix(p, ".") && strings.HasPrefix(s, p)) {
			return true
		}
	}
	return strings.HasSuffix(s, ".json") || strings.HasSuffix(s, ".html") || strings.HasSuffix(s, ".css") || strings.HasSuffix(s, ".txt")
}
