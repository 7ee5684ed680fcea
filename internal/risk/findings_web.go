package risk

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// findingsData is what the findings page shows, for the organisation, one
// team or one person (View "org", "team" or "person").
type findingsData struct {
	View     string
	Heading  string // the team's or the person's name
	On       string
	Narrowed bool // only the findings of the teams the viewer leads
	Counts   duty.Counts
	ByKind   []kindCount
	Teams    []teamCount // the organisation view only
	Rows     []Row
	Filter   Filter
	Kinds    []Option
	TeamOpts []Option
	Statuses []Option
	External []externalGroup // the organisation view only: other capabilities' findings (issue 5.5)
}

// externalGroup is one kind of finding another capability contributes,
// shown in its own section of the organisation's findings page.
type externalGroup struct {
	Kind  string
	Label string
	Rows  []ExternalFinding
}

// externalGroups groups the findings by kind, in the order the sources
// gave them.
func externalGroups(list []ExternalFinding, lang i18n.Lang) []externalGroup {
	var out []externalGroup
	at := map[string]int{}
	for _, f := range list {
		i, ok := at[f.Kind]
		if !ok {
			i = len(out)
			at[f.Kind] = i
			out = append(out, externalGroup{Kind: f.Kind, Label: externalLabel(f.Kind, lang)})
		}
		out[i].Rows = append(out[i].Rows, f)
	}
	return out
}

func externalLabel(kind string, lang i18n.Lang) string {
	if kind == ExternalBibobSelfDecided {
		return i18n.T(lang, "risk.external.bibob_self_decided")
	}
	return kind
}

type kindCount struct {
	Kind  duty.Kind
	Label string
	duty.Counts
}

type teamCount struct {
	ID   string
	Name string
	duty.Counts
}

func kindCounts(res duty.Result, lang i18n.Lang) []kindCount {
	var out []kindCount
	for _, k := range res.ByKind() {
		out = append(out, kindCount{Kind: k.Kind, Label: k.Kind.Label(lang), Counts: k.Counts})
	}
	return out
}

func kindOptions(lang i18n.Lang) []Option {
	var out []Option
	for _, k := range duty.Kinds {
		out = append(out, Option{ID: string(k), Label: k.Label(lang)})
	}
	return out
}

func statusOptions(lang i18n.Lang) []Option {
	return []Option{
		{ID: StatusOpen, Label: i18n.T(lang, "risk.findings.status_open")},
		{ID: StatusReopened, Label: i18n.T(lang, "risk.findings.status_reopened")},
		{ID: StatusMitigated, Label: i18n.T(lang, "risk.findings.status_mitigated")},
	}
}

func (s *Store) findingsPage(w http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	q := r.URL.Query()
	f, ferr := ParseFilter(q.Get("kind"), q.Get("team"), q.Get("status"))
	rep, err := s.Report(r.Context(), sc)
	if err != nil {
		return err
	}
	d := findingsData{View: "org", On: displayDate(rep.Result.On), Narrowed: rep.Narrowed, Counts: rep.Result.Counts(),
		ByKind: kindCounts(rep.Result, lang), Filter: f, Kinds: kindOptions(lang), Statuses: statusOptions(lang)}
	for _, g := range rep.Result.ByTeam() {
		d.Teams = append(d.Teams, teamCount{ID: g.ID, Name: rep.TeamName(g.ID), Counts: g.Counts})
	}
	slices.SortStableFunc(d.Teams, func(x, y teamCount) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
	for id, n := range rep.Teams {
		d.TeamOpts = append(d.TeamOpts, Option{ID: id, Label: n})
	}
	slices.SortFunc(d.TeamOpts, func(x, y Option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) })
	if ferr == nil {
		d.Rows = rep.Rows(rep.Result.Findings, f, lang)
	}
	ext, err := s.ExternalFindings(r.Context(), sc)
	if err != nil {
		return err
	}
	d.External = externalGroups(ext, lang)
	return web.Render(w, r, web.View{Name: "findings", TitleKey: "risk.findings.title", Data: d, Form: q, Err: ferr})
}

func (s *Store) teamFindingsPage(w http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	id := r.PathValue("teamID")
	rep, err := s.Report(r.Context(), sc)
	if err != nil {
		return err
	}
	name, ok := rep.Teams[id]
	if !ok {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	g := rep.Result.Team(id)
	d := findingsData{View: "team", Heading: name, On: displayDate(rep.Result.On), Counts: g.Counts,
		ByKind: kindCounts(duty.Result{Findings: g.Findings}, lang), Rows: rep.Rows(g.Findings, Filter{}, lang)}
	return web.Render(w, r, web.View{Name: "findings", TitleKey: "risk.findings.team_title", Data: d})
}

func (s *Store) personFindingsPage(w http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	rep, g, err := s.PersonFindings(r.Context(), sc, r.PathValue("employeeID"))
	if err != nil {
		return err
	}
	d := findingsData{View: "person", Heading: rep.Employees[g.ID].Name, On: displayDate(rep.Result.On), Counts: g.Counts,
		ByKind: kindCounts(duty.Result{Findings: g.Findings}, lang), Rows: rep.Rows(g.Findings, Filter{}, lang)}
	return web.Render(w, r, web.View{Name: "findings", TitleKey: "risk.findings.person_title", Data: d})
}

// mitigateData is the form that accepts one finding.
type mitigateData struct {
	Row        Row
	Members    []Option
	Max        string // the latest end date allowed, YYYY-MM-DD
	CanActions bool
}

func (s *Store) mitigateView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	rep, err := s.Report(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	f := rep.Find(r.PathValue("findingKey"))
	if f == nil {
		return web.View{}, apperr.New(apperr.NotFound, "risk.finding.unknown")
	}
	d := mitigateData{Row: rep.Row(f, lang), Max: s.dutyToday().AddMonths(maxMitigationMonths).String(),
		CanActions: s.actions != nil && sc.Can(auth.ActionsOwn)}
	for id, n := range rep.Members {
		d.Members = append(d.Members, Option{ID: id, Label: n})
	}
	slices.SortFunc(d.Members, func(x, y Option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) })
	if form == nil {
		form = url.Values{"owner": {sc.UserID}, "until": {s.dutyToday().AddMonths(12).String()}}
	}
	return web.View{Name: "findings_mitigate", TitleKey: "risk.mitigate.title", Data: d, Form: form, Err: ferr}, nil
}

func (s *Store) mitigatePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.mitigateView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) mitigatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	_, err := s.Mitigate(r.Context(), web.ScopeOf(r), NewMitigation{FindingKey: r.PathValue("findingKey"),
		Control: f.Get("control"), OwnerID: f.Get("owner"), Until: f.Get("until"), MakeAction: f.Get("make_action") == "1"})
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.mitigateView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/bevindingen", "flash.finding_mitigated")
}

// Tiles gives holders of risk.read the number of open duty findings
// (reopened ones included) on the dashboard, with the findings other
// capabilities contribute that the holder may see (these cannot be
// mitigated here, so they count as open).
func (s *Store) Tiles(r *http.Request) ([]web.Tile, error) {
	sc := web.ScopeOf(r)
	if !sc.Can(auth.RiskRead) {
		return nil, nil
	}
	in, err := LoadDutyInput(r.Context(), sc, s.db)
	if err != nil {
		return nil, err
	}
	c := duty.Analyse(in, s.dutyToday()).Counts()
	ext, err := s.ExternalFindings(r.Context(), sc)
	if err != nil {
		return nil, err
	}
	n := c.Open + len(ext)
	return []web.Tile{{TitleKey: "risk.findings.tile_open", Value: strconv.Itoa(n), Link: "/bevindingen?status=open", Warn: n > 0}}, nil
}
