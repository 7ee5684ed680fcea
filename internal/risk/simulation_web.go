package risk

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// simulationData is the simulation page: the form, and after a post the
// findings the change would add and remove with the counts before and
// after.
type simulationData struct {
	Choices *SimulationChoices
	Done    bool
	Parts   []simPart // the findings added, then those removed
	Before  countsView
	After   countsView
}

// simPart is one list of findings in the result; TitleKey is
// risk.simulation.added or risk.simulation.removed.
type simPart struct {
	ID       string
	TitleKey string
	Rows     []Row
}

type countsView struct{ Total, Open, Mitigated int }

// simulationFields maps the engine's field names to the form's: one row
// to add (employee, function, start, end) or one to end (assignment,
// end_date).
var simulationFields = map[string]string{
	"add.employee": "employee", "add.function": "function", "add.start": "start", "add.end": "end",
	"end.assignment": "assignment", "end.end": "end_date",
}

// renameFields renames the fields of err by names (errors of other fields
// keep theirs) and then, when row is given, lets it add the row.
func renameFields(err error, names map[string]string, row func(field string, row int) string) error {
	list, ok := err.(apperr.List)
	if !ok {
		if e, isOne := err.(*apperr.Error); isOne && e.Field != "" {
			list = apperr.List{e}
		} else {
			return err
		}
	}
	out := make(apperr.List, len(list))
	for i, e := range list {
		c := *e
		if n, ok := names[c.Field]; ok {
			c.Field = n
		}
		if row != nil {
			c.Field = row(c.Field, e.Row)
		}
		out[i] = &c
	}
	return out
}

func (s *Store) simulationView(r *http.Request, form url.Values, ferr error) (web.View, *simulationData, error) {
	c, err := s.Choices(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, nil, err
	}
	if form == nil {
		form = url.Values{"start": {s.dutyToday().String()}, "end_date": {s.dutyToday().String()}}
	}
	d := &simulationData{Choices: c}
	return web.View{Name: "simulation", TitleKey: "risk.simulation.title", Form: form, Err: ferr, Data: d}, d, nil
}

func (s *Store) simulationPage(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.simulationView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) simulationPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	var p Proposal
	if f.Get("mode") == "end" {
		p.End = []ProposedEnding{{AssignmentID: f.Get("assignment"), End: f.Get("end_date")}}
	} else {
		f.Set("mode", "add")
		p.Add = []ProposedAssignment{{EmployeeID: f.Get("employee"), FunctionID: f.Get("function"), Start: f.Get("start"), End: f.Get("end")}}
	}
	sim, err := s.Simulate(r.Context(), web.ScopeOf(r), p)
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		err = renameFields(err, simulationFields, nil)
	}
	v, d, verr := s.simulationView(r, f, err)
	if verr != nil {
		return verr
	}
	if sim != nil {
		lang := web.LangOf(r)
		d.Done = true
		d.Parts = []simPart{
			{ID: "added", TitleKey: "risk.simulation.added", Rows: sim.Report.Rows(sim.Diff.Added, Filter{}, lang)},
			{ID: "removed", TitleKey: "risk.simulation.removed", Rows: sim.Report.Rows(sim.Diff.Removed, Filter{}, lang)},
		}
		d.Before = countsView{Total: sim.Diff.Before.Total, Open: sim.Diff.Before.Open, Mitigated: sim.Diff.Before.Mitigated}
		d.After = countsView{Total: sim.Diff.After.Total, Open: sim.Diff.After.Open, Mitigated: sim.Diff.After.Mitigated}
	}
	return web.Render(w, r, v)
}
