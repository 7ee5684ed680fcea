package risk

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ActionPersonView is the audit action of opening one person's findings.
const ActionPersonView = area + ".findings.person_view"

// processingActivity is the processing activity, in the organisation's
// register, under which the duty analysis looks at a named person.
const processingActivity = "functiescheiding.analyse"

// Report is today's duty analysis of an organisation with the names its
// pages show: teams, processes, steps, employees, users who may own a
// mitigation, and the latest mitigation of each finding.
type Report struct {
	Result      duty.Result
	Teams       map[string]string // team id → name
	Processes   map[string]string // process id → name
	Steps       map[string]duty.Step
	Employees   map[string]duty.Employee
	Members     map[string]string // user id → name
	Mitigations map[string]MitigationRecord
	// Narrowed: the report holds only the findings of the teams the
	// viewer leads (see narrowToLedTeams).
	Narrowed bool
}

// Report analyses the scope's organisation on today's date (Amsterdam) and
// gathers the names to show the findings with.
func (s *Store) Report(ctx context.Context, sc *auth.Scope) (*Report, error) {
	in, err := LoadDutyInput(ctx, sc, s.db)
	if err != nil {
		return nil, err
	}
	return s.report(ctx, sc, in)
}

func (s *Store) report(ctx context.Context, sc *auth.Scope, in duty.Input) (*Report, error) {
	var err error
	rep := &Report{Result: duty.Analyse(in, s.dutyToday()), Steps: make(map[string]duty.Step, len(in.Steps)),
		Employees: make(map[string]duty.Employee, len(in.Employees))}
	for _, st := range in.Steps {
		rep.Steps[st.ID] = st
	}
	for _, e := range in.Employees {
		rep.Employees[e.ID] = e
	}
	q := s.db.Read
	if rep.Teams, err = names(ctx, q, `SELECT id, name FROM teams WHERE org_id = $1`, sc.OrgID); err != nil {
		return nil, err
	}
	if rep.Processes, err = names(ctx, q, `SELECT id, name FROM processes WHERE org_id = $1`, sc.OrgID); err != nil {
		return nil, err
	}
	if rep.Members, err = members(ctx, q, sc.OrgID); err != nil {
		return nil, err
	}
	if rep.Mitigations, err = latestMitigations(ctx, q, sc.OrgID); err != nil {
		return nil, err
	}
	return rep, s.narrowToLedTeams(ctx, sc, rep)
}

// narrowToLedTeams keeps, for a scope without risk.all_findings (a
// teamleider), the findings of the teams the user leads and their
// sub-teams, and the people those findings or teams name: findings name
// people, who are the business of their own teamleider, the coordinator,
// HR and management only. Everything built on the report — pages, person
// views, exports, the API, mitigations, simulations, the dashboard tile —
// sees the narrowed report.
func (s *Store) narrowToLedTeams(ctx context.Context, sc *auth.Scope, rep *Report) error {
	if sc.Allows(auth.RiskAllFindings) {
		return nil
	}
	led, err := s.ledTeams(ctx, sc)
	if err != nil {
		return err
	}
	kept := rep.Result.Findings[:0:0]
	named := map[string]bool{}
	for _, f := range rep.Result.Findings {
		if !led[f.TeamID] {
			continue
		}
		kept = append(kept, f)
		named[f.EmployeeID] = true
		for _, h := range f.Holders {
			named[h] = true
		}
	}
	rep.Result.Findings = kept
	rep.Result.Stale = nil
	rep.Narrowed = true
	for id := range rep.Teams {
		if !led[id] {
			delete(rep.Teams, id)
		}
	}
	for id, e := range rep.Employees {
		if !named[id] && !led[e.TeamID] {
			delete(rep.Employees, id)
		}
	}
	return nil
}

func names(ctx context.Context, q store.Querier, query, orgID string) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, query, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Find returns the finding with key, or nil.
func (r *Report) Find(key string) *duty.Finding {
	for i := range r.Result.Findings {
		if r.Result.Findings[i].Key == key {
			return &r.Result.Findings[i]
		}
	}
	return nil
}

// TeamName is a team's name, or "—" for a finding without a team.
func (r *Report) TeamName(id string) string {
	if n, ok := r.Teams[id]; ok {
		return n
	}
	return "—"
}

// Finding statuses as filters and rows name them.
const (
	StatusOpen      = "open"
	StatusMitigated = "mitigated"
	StatusReopened  = "reopened"
)

func statusOf(f *duty.Finding) string {
	switch {
	case f.Mitigated:
		return StatusMitigated
	case f.Reopened:
		return StatusReopened
	}
	return StatusOpen
}

// Filter narrows the findings; empty fields do not filter. Status "open"
// means every finding not mitigated today, reopened ones included.
type Filter struct {
	Kind   duty.Kind
	TeamID string
	Status string
}

// ParseFilter reads a filter from the query-string values kind, team and
// status, refusing unknown kinds and statuses by field.
func ParseFilter(kind, team, status string) (Filter, error) {
	f := Filter{Kind: duty.Kind(kind), TeamID: team, Status: status}
	var errs apperr.List
	if kind != "" && !slices.Contains(duty.Kinds, f.Kind) {
		errs = append(errs, apperr.FieldErr("kind", "risk.finding.kind_invalid"))
	}
	if status != "" && status != StatusOpen && status != StatusMitigated && status != StatusReopened {
		errs = append(errs, apperr.FieldErr("status", "risk.finding.status_invalid"))
	}
	return f, errs.Err()
}

func (f Filter) keep(fd *duty.Finding) bool {
	if f.Kind != "" && fd.Kind != f.Kind {
		return false
	}
	if f.TeamID != "" && fd.TeamID != f.TeamID {
		return false
	}
	switch f.Status {
	case StatusOpen:
		return !fd.Mitigated
	case StatusMitigated, StatusReopened:
		return statusOf(fd) == f.Status
	}
	return true
}

// StepRef is a step of a finding with its process.
type StepRef struct {
	ID      string
	Name    string
	Process string
}

// Row is one finding as a page, the API and the export show it.
type Row struct {
	Key        string
	Kind       duty.Kind
	KindLabel  string
	Risk       duty.Risk
	RiskLabel  string
	TeamID     string
	TeamName   string
	Steps      []StepRef
	EmployeeID string // the person of a dubbelzitter or langzitter
	Employee   string
	Holders    []string // names of the too few holders of an eenpitter
	Detail     string
	Status     string // open, mitigated or reopened
	StatusText string
	Mitigation *MitigationRecord // the latest, in force or expired
}

// Row describes one finding in lang.
func (r *Report) Row(f *duty.Finding, lang i18n.Lang) Row {
	row := Row{Key: f.Key, Kind: f.Kind, KindLabel: f.Kind.Label(lang), Risk: f.Risk, RiskLabel: f.Risk.Label(lang),
		TeamID: f.TeamID, TeamName: r.TeamName(f.TeamID), EmployeeID: f.EmployeeID, Detail: f.Describe(lang),
		Status: statusOf(f), StatusText: f.Status(lang)}
	for _, id := range f.StepIDs {
		st := r.Steps[id]
		row.Steps = append(row.Steps, StepRef{ID: id, Name: st.Name, Process: r.Processes[st.ProcessID]})
	}
	slices.SortStableFunc(row.Steps, func(x, y StepRef) int {
		if c := strings.Compare(x.Process, y.Process); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	if f.EmployeeID != "" {
		row.Employee = r.Employees[f.EmployeeID].Name
	}
	for _, h := range f.Holders {
		row.Holders = append(row.Holders, r.Employees[h].Name)
	}
	if m, ok := r.Mitigations[f.Key]; ok && f.Mitigation != nil {
		row.Mitigation = &m
	}
	return row
}

// Rows describes the findings that pass the filter, in result order.
func (r *Report) Rows(fs []duty.Finding, f Filter, lang i18n.Lang) []Row {
	var out []Row
	for i := range fs {
		if f.keep(&fs[i]) {
			out = append(out, r.Row(&fs[i], lang))
		}
	}
	return out
}

// Filtered returns the findings that pass the filter, in result order.
func (r *Report) Filtered(f Filter) []duty.Finding {
	var out []duty.Finding
	for i := range r.Result.Findings {
		if f.keep(&r.Result.Findings[i]) {
			out = append(out, r.Result.Findings[i])
		}
	}
	return out
}

// displayDay writes a stored day (YYYY-MM-DD) the Dutch way.
func displayDay(s string) string {
	d, err := duty.ParseDate(s)
	if err != nil || d == 0 {
		return s
	}
	return displayDate(d)
}

// SetSubjectKeys connects the source of the per-organisation keys that
// pseudonymise a person in the processing log (the vault). Without it a
// person's findings cannot be shown, because looking at them must be
// logged.
func (s *Store) SetSubjectKeys(key func(orgID string) []byte) { s.subjectKey = key }

// PersonFindings returns the findings about one employee of the scope's
// organisation and records that look twice, as every view of a named
// person is: in the audit log (who looked) and in the processing log
// (that the duty analysis touched this person, not who looked). Another
// organisation's employee is not found.
func (s *Store) PersonFindings(ctx context.Context, sc *auth.Scope, employeeID string) (*Report, duty.Group, error) {
	rep, err := s.Report(ctx, sc)
	if err != nil {
		return nil, duty.Group{}, err
	}
	if _, ok := rep.Employees[employeeID]; !ok {
		return nil, duty.Group{}, apperr.New(apperr.NotFound, "risk.employee.unknown")
	}
	if s.subjectKey == nil {
		return nil, duty.Group{}, apperr.New(apperr.Internal, "risk.processing_unavailable")
	}
	e := audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: ActionPersonView,
		ObjectType: "employee", ObjectID: employeeID, Result: audit.ResultOK, RequestID: sc.RequestID}
	p := audit.Processing{TraceID: audit.NewTraceID(), OrgID: sc.OrgID, Activity: processingActivity,
		DataSubjectRef: audit.SubjectRef(s.subjectKey(sc.OrgID), "employee", employeeID), Status: audit.StatusOK}
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error { return s.audit.RecordProcessing(ctx, tx, e, p) }); err != nil {
		return nil, duty.Group{}, err
	}
	return rep, rep.Result.Person(employeeID), nil
}
