package people_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
)

var (
	idAttr    = regexp.MustCompile(`\sid="([^"]+)"`)
	labelFor  = regexp.MustCompile(`<label for="([^"]+)"`)
	control   = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	controlID = regexp.MustCompile(`\sid="([^"]+)"`)
)

// checkPage fails on what a screen-reader user would trip over in our
// own markup: duplicate ids, and a form control without a label.
func checkPage(t *testing.T, what, body string) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
		if seen[m[1]] {
			t.Errorf("%s: id %q used twice", what, m[1])
		}
		seen[m[1]] = true
	}
	labelled := map[string]bool{}
	for _, m := range labelFor.FindAllStringSubmatch(body, -1) {
		labelled[m[1]] = true
	}
	for _, c := range control.FindAllString(body, -1) {
		if strings.Contains(c, `type="hidden"`) {
			continue
		}
		m := controlID.FindStringSubmatch(c)
		if m == nil || !labelled[m[1]] {
			t.Errorf("%s: control without a label: %s", what, c)
		}
	}
}

// Every page of this part renders, for the roles that may see it, with
// data in it and after a refused form, and passes the markup check.
func TestIntegrityPagesRender(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	ctx := h.Ctx
	team := e.team(t, e.a, "Samenleving", "")
	e.exec(t, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, e.a.ID, e.leadUser.ID, team)
	emp := e.employee(t, e.a, team, "Eva Boa", "2020-01-01", "")
	e.function(t, e.a, "adviseur_oov", "vog_p")
	boa := e.function(t, e.a, "boa", "vog_p")
	e.assign(t, e.a, emp, boa, "2020-01-01", "")
	e.screened(t, emp, "vog", "2019-06-01")
	if _, err := e.ps.AddOath(ctx, e.hr, people.OathInput{EmployeeID: emp, TakenOn: "2020-01-02", Form: "eed"}); err != nil {
		t.Fatal(err)
	}
	job, err := e.ps.AddSideJob(ctx, e.hr, people.SideJobInput{EmployeeID: emp, Description: "Bestuurslid", StartedOn: "2023-01-01",
		Publish: true, PublicText: "Bestuurslid buurtvereniging", NeedToKnow: true})
	if err != nil {
		t.Fatal(err)
	}
	gift, err := e.ps.AddGift(ctx, e.hr, people.GiftInput{EmployeeID: emp, Description: "Fles wijn", ReceivedOn: "2025-12-20", ValueCents: 6000, NeedToKnow: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ps.GrantRecord(ctx, e.hr, people.ObjGift, gift, e.coord.UserID, "Onderzoek"); err != nil {
		t.Fatal(err)
	}
	cand, err := e.ps.SaveCandidate(ctx, e.executive, people.Candidate{Name: "K. Andidaat", VOGOn: "2026-02-01"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ps.AddConfidant(ctx, e.hr, people.Confidant{Name: "Extern Bureau", Kind: "external", Phone: "030-1234567"}); err != nil {
		t.Fatal(err)
	}

	hr := h.Login(h.User(e.a, "hr-r", auth.HR))
	lead := h.Login(e.leadUser)
	exec := h.Login(h.User(e.a, "exec-r", auth.Executive))
	emp2 := h.Login(h.User(e.a, "emp-r", auth.Employee))
	clients := map[string]*apptest.Client{"hr": hr, "lead": lead, "exec": exec, "emp": emp2}
	for _, c := range []struct {
		who, path, want string
	}{
		{"hr", "/mensen/screening", "Eva Boa"},
		{"hr", "/mensen/screening/functies", "adviseur_oov"},
		{"hr", "/mensen/screening/medewerkers/" + emp, "Eva Boa"},
		{"hr", "/mensen/ambtseed", "Eva Boa"},
		{"lead", "/mensen/ambtseed", "Eva Boa"},
		{"lead", "/mensen/screening", "Eva Boa"},
		{"hr", "/mensen/nevenfuncties", "Eva Boa"},
		{"hr", "/mensen/nevenfuncties/" + job, "Bestuurslid"},
		{"emp", "/mensen/nevenfuncties/publicatie", "Bestuurslid buurtvereniging"},
		{"hr", "/mensen/geschenken", "60,00"},
		{"hr", "/mensen/geschenken/" + gift, "Test coord"}, // the need-to-know list with its revoke button
		{"emp", "/mensen/vertrouwenspersonen", "Extern Bureau"},
		{"hr", "/mensen/vertrouwenspersonen", "Extern Bureau"},
		{"exec", "/mensen/kandidaten", "K. Andidaat"},
		{"exec", "/mensen/kandidaten/" + cand, "K. Andidaat"},
		{"hr", "/instellingen/mensen", "60"},
	} {
		res := clients[c.who].Get(c.path)
		if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), c.want) {
			t.Errorf("%s GET %s: %d, shows %q: %v", c.who, c.path, res.Code, c.want, strings.Contains(res.Body.String(), c.want))
			continue
		}
		checkPage(t, c.who+" "+c.path, res.Body.String())
	}
	// Refused forms render again with their errors and the same checks.
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/mensen/screening", url.Values{"kind": {"x"}}},
		{"/mensen/screening/functies", url.Values{"vog_level": {"x"}}},
		{"/mensen/ambtseed", url.Values{"form": {"x"}}},
		{"/mensen/nevenfuncties", url.Values{"review_status": {"x"}}},
		{"/mensen/nevenfuncties/" + job + "/beoordeling", url.Values{"review_status": {"refused"}}},
		{"/mensen/nevenfuncties/" + job + "/toegang", url.Values{}},
		{"/mensen/geschenken", url.Values{"value": {"veel"}}},
		{"/mensen/geschenken/" + gift + "/besluit", url.Values{"decision": {"x"}}},
		{"/mensen/geschenken/" + gift + "/toegang/intrekken", url.Values{}},
		{"/mensen/vertrouwenspersonen", url.Values{"email": {"x"}}},
		{"/instellingen/mensen", url.Values{"rescreen_months": {"-1"}, "gift_threshold": {"1"}}},
	} {
		res := hr.PostForm(c.path, c.form)
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("POST %s: %d, want 422", c.path, res.Code)
			continue
		}
		checkPage(t, "refused "+c.path, res.Body.String())
	}
	res := exec.PostForm("/mensen/kandidaten/"+cand, url.Values{"name": {""}, "vog_on": {"gisteren"}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Errorf("refused candidate: %d", res.Code)
	} else {
		checkPage(t, "refused candidate", res.Body.String())
	}
}
