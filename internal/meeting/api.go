package meeting

import (
	"net/http"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiMeeting is a meeting in the API. Minutes appear only for a user on
// the meeting's need-to-know list; for anyone else notulen_afgeschermd is
// true.
type apiMeeting struct {
	ID              string    `json:"id"`
	Datum           string    `json:"datum"`
	Tijd            string    `json:"tijd,omitempty"`
	Plaats          string    `json:"plaats"`
	Deelnemers      []string  `json:"deelnemers"`
	Status          string    `json:"status"`
	Agendapunten    int       `json:"aantal_agendapunten"`
	Besluiten       int       `json:"aantal_besluiten"`
	Punten          []apiItem `json:"agendapunten,omitempty"`
	Notulen         *string   `json:"notulen,omitempty"`
	NotulenShielded *bool     `json:"notulen_afgeschermd,omitempty"`
}

type apiItem struct {
	ID         string      `json:"id"`
	Volgnummer int         `json:"volgnummer"`
	MeldingID  string      `json:"melding_id,omitempty"`
	Kenmerk    string      `json:"kenmerk,omitempty"`
	Onderwerp  string      `json:"onderwerp,omitempty"`
	Besluit    string      `json:"besluit,omitempty"`
	Motivering string      `json:"motivering,omitempty"`
	BesluitOp  string      `json:"besluit_op,omitempty"`
	Acties     []apiAction `json:"acties"`
}

type apiAction struct {
	ID       string `json:"id"`
	Titel    string `json:"titel"`
	Eigenaar string `json:"eigenaar_id"`
	Deadline string `json:"deadline"`
}

func toAPI(m Meeting) apiMeeting {
	parts := m.Participants
	if parts == nil {
		parts = []string{}
	}
	return apiMeeting{ID: m.ID, Datum: m.HeldOn, Tijd: m.StartTime, Plaats: m.Place, Deelnemers: parts, Status: m.Status,
		Agendapunten: m.ItemCount, Besluiten: m.Decided}
}

// apiList lists the meetings, newest first, a page at a time; the cursor is
// the offset of the next page.
func (s *Store) apiList(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.Limit(r)
	if err != nil {
		return err
	}
	ms, err := s.Meetings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	from := 0
	if c := r.URL.Query().Get("cursor"); c != "" {
		if from, err = strconv.Atoi(c); err != nil || from < 0 {
			return apperr.FieldErr("cursor", "loo.cursor_invalid")
		}
	}
	from = min(from, len(ms))
	end := min(from+limit, len(ms))
	out := make([]apiMeeting, 0, end-from)
	for _, m := range ms[from:end] {
		out = append(out, toAPI(m))
	}
	next := ""
	if end < len(ms) {
		next = strconv.Itoa(end)
	}
	return web.WritePage(w, r, out, next)
}

type apiPlanBody struct {
	Datum      string   `json:"datum"`
	Tijd       string   `json:"tijd"`
	Plaats     string   `json:"plaats"`
	Deelnemers []string `json:"deelnemers"`
	Gebruikers []string `json:"gebruikers"`
}

func (s *Store) apiPlan(w http.ResponseWriter, r *http.Request) error {
	var b apiPlanBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	parts := ""
	for _, p := range b.Deelnemers {
		parts += p + "\n"
	}
	sc := web.ScopeOf(r)
	id, err := s.Plan(r.Context(), sc, PlanInput{HeldOn: b.Datum, StartTime: b.Tijd, Place: b.Plaats, Participants: parts, MemberIDs: b.Gebruikers})
	if err != nil {
		return err
	}
	m, err := s.Meeting(r.Context(), sc, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/loo-overleggen/"+id)
	return web.JSON(w, http.StatusCreated, toAPI(*m))
}

func (s *Store) apiMeeting(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	id := r.PathValue("meetingID")
	m, err := s.Meeting(r.Context(), sc, id)
	if err != nil {
		return err
	}
	items, err := s.Items(r.Context(), sc, id)
	if err != nil {
		return err
	}
	out := toAPI(*m)
	out.Punten = []apiItem{}
	for _, it := range items {
		ai := apiItem{ID: it.ID, Volgnummer: it.Position, MeldingID: it.ReportID, Kenmerk: it.ReportRef, Onderwerp: it.Topic,
			Besluit: it.Decision, Motivering: it.Reason, BesluitOp: it.DecidedOn, Acties: []apiAction{}}
		for _, a := range it.Actions {
			ai.Acties = append(ai.Acties, apiAction{ID: a.ActionID, Titel: a.Title, Eigenaar: a.OwnerID, Deadline: a.DueDate})
		}
		out.Punten = append(out.Punten, ai)
	}
	mins, err := s.ReadMinutes(r.Context(), sc, id)
	if err != nil {
		return err
	}
	shielded := mins.Shielded
	out.NotulenShielded = &shielded
	if !mins.Shielded {
		out.Notulen = &mins.Text
	}
	return web.JSON(w, http.StatusOK, out)
}

func itoa(n int) string { return strconv.Itoa(n) }
