package risk_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// fakeSource is another capability's findings as the duty analysis sees
// them: it answers only to actors with bibob.read, as a real source must
// filter by its own permissions.
type fakeSource struct {
	list  []risk.ExternalFinding
	err   error
	calls int
}

func (f *fakeSource) DutyFindings(_ context.Context, sc *auth.Scope) ([]risk.ExternalFinding, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	if !sc.Allows(auth.BibobRead) {
		return nil, nil
	}
	return f.list, nil
}

var tileRe = regexp.MustCompile(`tile__value">(\d+)</span> <span class="tile__label">open bevindingen functiescheiding`)

func tileValue(t *testing.T, page string) int {
	t.Helper()
	m := tileRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the dashboard has no tile of open duty findings")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestExternalFindingsShowInTheirOwnSectionAndCountOnTheTile(t *testing.T) {
	o := newDutyOffice(t)
	o.h.App.Risk.SetFindingSources() // none: the duty analysis alone
	baseCoord, baseLead := tileValue(t, body(o.coord.Get("/"))), tileValue(t, body(o.lead.Get("/")))
	if page := body(o.coord.Get("/bevindingen")); strings.Contains(page, "data-external-finding") {
		t.Fatal("an external finding shown without any source")
	}

	src := &fakeSource{list: []risk.ExternalFinding{
		{Kind: risk.ExternalBibobSelfDecided, Case: "HV-2026-017", Person: "Bea Beoordelaar", Role: "screened", On: "2026-03-02", Link: "/bibob/functiescheiding"},
		{Kind: risk.ExternalBibobSelfDecided, Case: "HV-2026-018", Person: "Otto Onderzoeker", Role: "researched", On: "2026-03-04", Link: "/bibob/functiescheiding"},
	}}
	o.h.App.Risk.SetFindingSources(src)

	res := o.coord.Get("/bevindingen")
	page := body(res)
	if res.Code != http.StatusOK {
		t.Fatalf("coordinator: %d", res.Code)
	}
	for _, want := range []string{"Functiescheiding Bibob: beoordelaar besliste zelf", "HV-2026-017", "Bea Beoordelaar", "02-03-2026",
		"Besliste op een aanvraag die hij of zij zelf screende", "HV-2026-018", "Otto Onderzoeker",
		"Besliste op een aanvraag waarvan hij of zij zelf het onderzoek vastlegde", `href="/bibob/functiescheiding"`,
		"Jan Jansen"} { // the duty analysis's own findings are still there
		if !strings.Contains(page, want) {
			t.Errorf("coordinator's findings page lacks %q", want)
		}
	}
	if n := strings.Count(page, "data-external-finding"); n != 2 {
		t.Errorf("%d external rows, want 2", n)
	}
	if got := tileValue(t, body(o.coord.Get("/"))); got != baseCoord+2 {
		t.Errorf("coordinator's tile = %d, want %d (own findings) + 2", got, baseCoord)
	}

	// The team lead may read the duty analysis but not Bibob: the source
	// gives nothing, the page and the tile show only the analysis.
	page = body(o.lead.Get("/bevindingen"))
	if strings.Contains(page, "HV-2026-017") || strings.Contains(page, "Functiescheiding Bibob") || !strings.Contains(page, "Jan Jansen") {
		t.Error("the team lead without bibob.read sees the Bibob findings, or loses the analysis")
	}
	if got := tileValue(t, body(o.lead.Get("/"))); got != baseLead {
		t.Errorf("team lead's tile = %d, want %d", got, baseLead)
	}

	// Without risk.read the sources are not even asked.
	before := src.calls
	if res := o.emp.Get("/bevindingen"); res.Code != http.StatusForbidden {
		t.Errorf("employee: %d, want 403", res.Code)
	}
	if _, err := o.h.App.Risk.ExternalFindings(o.h.Ctx, o.h.Scope(o.org, o.h.User(o.org, "emp2", auth.Employee))); err == nil {
		t.Error("an employee without risk.read got the external findings")
	}
	if src.calls != before {
		t.Error("a source was asked on behalf of someone without risk.read")
	}

	// A failing source is not hidden: the page fails rather than showing
	// an analysis that silently lacks findings.
	src.err = errors.New("bron onbereikbaar")
	if res := o.coord.Get("/bevindingen"); res.Code != http.StatusInternalServerError {
		t.Errorf("failing source: %d, want 500", res.Code)
	}
}
