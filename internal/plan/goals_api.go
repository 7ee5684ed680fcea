package plan

import (
	"net/http"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiIndicator is an indicator value as the API shows it.
type apiIndicator struct {
	Sleutel string   `json:"sleutel"`
	Naam    string   `json:"naam"`
	Eenheid string   `json:"eenheid"`
	Bron    string   `json:"bron"`
	Waarde  *float64 `json:"waarde"` // null when there is no data for the year
}

func toAPIIndicator(v IndicatorValue) apiIndicator {
	out := apiIndicator{Sleutel: v.Key, Naam: v.Label, Eenheid: v.Unit, Bron: v.Source}
	if v.Known {
		x := v.Value
		out.Waarde = &x
	}
	return out
}

type apiGoalProgress struct {
	ID            string       `json:"id"`
	Titel         string       `json:"titel"`
	Soort         string       `json:"soort"`
	Jaar          int          `json:"jaar"`
	Indicator     apiIndicator `json:"indicator"`
	Streefwaarde  *float64     `json:"streefwaarde"`
	HogerIsBeter  bool         `json:"hogerIsBeter"`
	StreefBereikt bool         `json:"streefwaardeBereikt"`
}

func (s *Store) apiGoals(w http.ResponseWriter, r *http.Request) error {
	year, err := s.yearOf(r)
	if err != nil {
		return err
	}
	progress, err := s.GoalProgress(r.Context(), web.ScopeOf(r), year)
	if err != nil {
		return err
	}
	out := make([]apiGoalProgress, 0, len(progress))
	for _, g := range progress {
		p := apiGoalProgress{ID: g.GoalID, Titel: g.Title, Soort: g.Kind, Jaar: year, Indicator: toAPIIndicator(g.Indicator),
			HogerIsBeter: g.HigherIsBetter, StreefBereikt: g.Met}
		if g.HasTarget {
			t := g.Target
			p.Streefwaarde = &t
		}
		out = append(out, p)
	}
	return web.WritePage(w, r, out, "")
}

type apiYear struct {
	Jaar          int      `json:"jaar"`
	Waarde        *float64 `json:"waarde"`
	Streefwaarde  *float64 `json:"streefwaarde"`
	StreefBereikt bool     `json:"streefwaardeBereikt"`
}

type apiGoal struct {
	ID           string    `json:"id"`
	Titel        string    `json:"titel"`
	Omschrijving string    `json:"omschrijving"`
	Soort        string    `json:"soort"`
	Indicator    string    `json:"indicator"`
	HogerIsBeter bool      `json:"hogerIsBeter"`
	AangemaaktOp time.Time `json:"aangemaaktOp"`
	Jaren        []apiYear `json:"jaren"`
}

func (s *Store) writeGoal(w http.ResponseWriter, r *http.Request, g *Goal, status int) error {
	years, err := s.GoalYears(r.Context(), web.ScopeOf(r), g)
	if err != nil {
		return err
	}
	out := apiGoal{ID: g.ID, Titel: g.Title, Omschrijving: g.Description, Soort: g.Kind, Indicator: g.IndicatorKey,
		HogerIsBeter: g.HigherIsBetter, AangemaaktOp: g.CreatedAt, Jaren: []apiYear{}}
	for _, y := range years {
		ay := apiYear{Jaar: y.Year, StreefBereikt: y.Met}
		if y.Value.Known {
			v := y.Value.Value
			ay.Waarde = &v
		}
		if y.HasTarget {
			t := y.Target
			ay.Streefwaarde = &t
		}
		out.Jaren = append(out.Jaren, ay)
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/doelen/"+g.ID)
	}
	return web.JSON(w, status, out)
}

func (s *Store) apiGoal(w http.ResponseWriter, r *http.Request) error {
	g, err := s.Goal(r.Context(), web.ScopeOf(r), r.PathValue("goalID"))
	if err != nil {
		return err
	}
	return s.writeGoal(w, r, g, http.StatusOK)
}

func (s *Store) apiGoalCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Titel        string   `json:"titel"`
		Omschrijving string   `json:"omschrijving"`
		Soort        string   `json:"soort"`
		Indicator    string   `json:"indicator"`
		Richting     string   `json:"richting"` // "hoger" or "lager"; empty: the indicator's own
		Jaar         int      `json:"jaar"`
		Streefwaarde *float64 `json:"streefwaarde"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	target := ""
	if in.Streefwaarde != nil {
		target = strconv.FormatFloat(*in.Streefwaarde, 'f', -1, 64)
	}
	g, err := s.CreateGoal(r.Context(), web.ScopeOf(r), NewGoal{Title: in.Titel, Description: in.Omschrijving, Kind: in.Soort,
		IndicatorKey: in.Indicator, Direction: in.Richting, Year: in.Jaar, Target: target})
	if err != nil {
		return err
	}
	return s.writeGoal(w, r, g, http.StatusCreated)
}

// pathYear reads the {jaar} path value.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("jaar"))
	if err != nil {
		return 0, apperr.List{apperr.FieldErr("jaar", "goals.err.year_path")}
	}
	return y, nil
}

func (s *Store) apiGoalTarget(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	if _, err := s.Goal(r.Context(), sc, r.PathValue("goalID")); err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in struct {
		Waarde *float64 `json:"waarde"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	value := ""
	if in.Waarde != nil {
		value = strconv.FormatFloat(*in.Waarde, 'f', -1, 64)
	}
	g, err := s.SetTarget(r.Context(), sc, r.PathValue("goalID"), year, value)
	if err != nil {
		return err
	}
	return s.writeGoal(w, r, g, http.StatusOK)
}

func (s *Store) apiIndicators(w http.ResponseWriter, r *http.Request) error {
	year, err := s.yearOf(r)
	if err != nil {
		return err
	}
	values, err := s.Indicators(r.Context(), web.ScopeOf(r), year)
	if err != nil {
		return err
	}
	out := make([]apiIndicator, len(values))
	for i, v := range values {
		out[i] = toAPIIndicator(v)
	}
	return web.WritePage(w, r, out, "")
}

type apiMeasurement struct {
	Periode      string    `json:"periode"`
	Waarde       float64   `json:"waarde"`
	Handmatig    bool      `json:"handmatig"`
	Bron         string    `json:"bron,omitempty"`
	VastgelegdOp time.Time `json:"vastgelegdOp"`
}

func (s *Store) apiHistory(w http.ResponseWriter, r *http.Request) error {
	list, err := s.History(r.Context(), web.ScopeOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	out := make([]apiMeasurement, len(list))
	for i, m := range list {
		out[i] = apiMeasurement{Periode: m.Period, Waarde: m.Value, Handmatig: m.Manual, Bron: m.Source, VastgelegdOp: m.RecordedAt}
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiEnterValue(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	key := r.PathValue("key")
	if _, err := s.Definition(r.Context(), sc, key); err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in struct {
		Waarde *float64 `json:"waarde"`
		Bron   string   `json:"bron"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	value := ""
	if in.Waarde != nil {
		value = strconv.FormatFloat(*in.Waarde, 'f', -1, 64)
	}
	if err := s.EnterValue(r.Context(), sc, key, year, value, in.Bron); err != nil {
		return err
	}
	list, err := s.History(r.Context(), sc, key)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.Period == strconv.Itoa(year) {
			return web.JSON(w, http.StatusOK, apiMeasurement{Periode: m.Period, Waarde: m.Value, Handmatig: true, Bron: m.Source, VastgelegdOp: m.RecordedAt})
		}
	}
	return apperr.New(apperr.Internal, "store.query_failed")
}

func (s *Store) apiImport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	key, period := r.PathValue("key"), r.PathValue("periode")
	if _, err := s.Definition(r.Context(), sc, key); err != nil {
		return err
	}
	var in struct {
		Waarde *float64 `json:"waarde"`
		Bron   string   `json:"bron"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	value := ""
	if in.Waarde != nil {
		value = strconv.FormatFloat(*in.Waarde, 'f', -1, 64)
	}
	if err := s.ImportMeasurement(r.Context(), sc, key, period, value, in.Bron); err != nil {
		return err
	}
	list, err := s.History(r.Context(), sc, key)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.Period == period {
			return web.JSON(w, http.StatusOK, apiMeasurement{Periode: m.Period, Waarde: m.Value, Handmatig: true, Bron: m.Source, VastgelegdOp: m.RecordedAt})
		}
	}
	return apperr.New(apperr.Internal, "store.query_failed")
}
