package report

import (
	"net/http"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiSummary is a report in the API's lists: no content.
type apiSummary struct {
	ID                string     `json:"id"`
	Kenmerk           string     `json:"kenmerk"`
	Categorie         string     `json:"categorie"`
	Kanaal            string     `json:"kanaal"`
	Status            string     `json:"status"`
	Anoniem           bool       `json:"anoniem"`
	OntvangenOp       time.Time  `json:"ontvangenOp"`
	BevestigdOp       *time.Time `json:"bevestigdOp,omitempty"`
	BevestigenVoor    *time.Time `json:"bevestigenVoor,omitempty"`
	TriageVoor        *time.Time `json:"triageVoor,omitempty"`
	TerugkoppelenVoor *time.Time `json:"terugkoppelenVoor,omitempty"`
	TeruggekoppeldOp  *time.Time `json:"teruggekoppeldOp,omitempty"`
}

func opt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func toAPISummary(x Summary) apiSummary {
	return apiSummary{ID: x.ID, Kenmerk: x.Reference, Categorie: string(x.Category), Kanaal: string(x.Channel), Status: string(x.Status),
		Anoniem: x.Anonymous, OntvangenOp: x.ReceivedAt.UTC(), BevestigdOp: opt(x.AcknowledgedAt), BevestigenVoor: opt(x.AckDue),
		TriageVoor: opt(x.TriageDue), TerugkoppelenVoor: opt(x.FeedbackDue), TeruggekoppeldOp: opt(x.FeedbackAt)}
}

// apiReport is one report with its content.
type apiReport struct {
	apiSummary
	Titel          string            `json:"titel"`
	Omschrijving   string            `json:"omschrijving"`
	Antwoorden     map[string]string `json:"antwoorden"`
	DatumVoorval   string            `json:"datumVoorval,omitempty"`
	Bron           string            `json:"bron,omitempty"`
	Toestemming    bool              `json:"toestemming"`
	BesluitOp      *time.Time        `json:"besluitOp,omitempty"`
	AfgerondOp     *time.Time        `json:"afgerondOp,omitempty"`
	Identiteit     string            `json:"identiteit"` // "afgeschermd", "geen" or the identity when approved for the caller
	VolgendeStatus []string          `json:"volgendeStatussen"`
}

func (s *Store) apiList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := Filter{Category: Category(q.Get("categorie")), Status: Status(q.Get("status")), Channel: Channel(q.Get("kanaal"))}
	var errs apperr.List
	if f.Category != "" && !f.Category.Valid() {
		errs = append(errs, apperr.FieldErr("categorie", "report.category_required"))
	}
	if f.Status != "" && !validStatus(f.Status) {
		errs = append(errs, apperr.FieldErr("status", "report.status_unknown"))
	}
	if f.Channel != "" && !f.Channel.Valid() {
		errs = append(errs, apperr.FieldErr("kanaal", "report.channel_required"))
	}
	if len(errs) > 0 {
		return errs
	}
	limit, err := web.Limit(r)
	if err != nil {
		return err
	}
	f.Limit, f.After = limit, q.Get("cursor")
	list, next, err := s.ListPage(r.Context(), web.ScopeOf(r), f)
	if err != nil {
		return err
	}
	out := make([]apiSummary, 0, len(list))
	for _, x := range list {
		out = append(out, toAPISummary(x))
	}
	return web.WritePage(w, r, out, next)
}

// apiNew is a report created through the API by a signed-in member of
// staff.
type apiNew struct {
	Categorie    string            `json:"categorie"`
	Titel        string            `json:"titel"`
	Omschrijving string            `json:"omschrijving"`
	DatumVoorval string            `json:"datumVoorval"`
	Team         string            `json:"team"`
	Antwoorden   map[string]string `json:"antwoorden"`
}

func (s *Store) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNew
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Submit(r.Context(), web.ScopeOf(r), Input{Category: Category(in.Categorie), Title: in.Titel, Body: in.Omschrijving,
		OccurredOn: in.DatumVoorval, TeamID: in.Team, Answers: in.Antwoorden})
	if err != nil {
		names := map[string]string{"intake_category": "categorie", "title": "titel", "intake_body": "omschrijving", "intake_occurred_on": "datumVoorval"}
		for _, qs := range Questions {
			for _, q := range qs {
				names["q_"+q.Key] = "antwoorden." + q.Key
			}
		}
		return renameFields(err, names)
	}
	return web.JSON(w, http.StatusCreated, map[string]string{"id": c.ID, "kenmerk": c.Reference})
}

func (s *Store) apiGet(w http.ResponseWriter, r *http.Request) error {
	ctx, sc, id := r.Context(), web.ScopeOf(r), r.PathValue("reportID")
	rep, err := s.Get(ctx, sc, id, "behandeling (API)")
	if err != nil {
		return err
	}
	ident, err := s.Identity(ctx, sc, id)
	if err != nil {
		return err
	}
	out := apiReport{apiSummary: toAPISummary(rep.Summary), Titel: rep.Title, Omschrijving: rep.Body, Antwoorden: rep.Answers,
		DatumVoorval: rep.OccurredOn, Bron: rep.ExternalSource, Toestemming: rep.Consent, BesluitOp: opt(rep.DecidedAt), AfgerondOp: opt(rep.ClosedAt),
		Identiteit: "geen", VolgendeStatus: []string{}}
	switch {
	case ident.Identity != "":
		out.Identiteit = ident.Identity
	case ident.Exists:
		out.Identiteit = "afgeschermd"
	}
	for _, st := range rep.Status.Next() {
		out.VolgendeStatus = append(out.VolgendeStatus, string(st))
	}
	return web.JSON(w, http.StatusOK, out)
}

func (s *Store) apiStatus(w http.ResponseWriter, r *http.Request) error {
	// The object first: someone without need-to-know gets 404 whatever
	// the body says.
	if _, err := s.mayHandle(r.Context(), web.ScopeOf(r), r.PathValue("reportID")); err != nil {
		return err
	}
	var in struct {
		Status string `json:"status"`
		Reden  string `json:"reden"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	err := s.ChangeStatus(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), Status(in.Status), in.Reden)
	if err != nil {
		return renameFields(err, map[string]string{"intake_status": "status", "reason": "reden"})
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// renameFields gives field errors the API's field names.
func renameFields(err error, names map[string]string) error {
	l, ok := err.(apperr.List)
	if !ok {
		return err
	}
	out := make(apperr.List, 0, len(l))
	for _, e := range l {
		c := *e
		if n, ok := names[c.Field]; ok {
			c.Field = n
		}
		out = append(out, &c)
	}
	return out
}

type apiMessage struct {
	ID             string    `json:"id"`
	VanBehandelaar bool      `json:"vanBehandelaar"`
	Auteur         string    `json:"auteur,omitempty"`
	Intern         bool      `json:"intern"`
	Tekst          string    `json:"tekst"`
	GeplaatstOp    time.Time `json:"geplaatstOp"`
}

func (s *Store) apiMessages(w http.ResponseWriter, r *http.Request) error {
	ctx, sc, id := r.Context(), web.ScopeOf(r), r.PathValue("reportID")
	msgs, err := s.Messages(ctx, sc, id)
	if err != nil {
		return err
	}
	if err := s.recordRead(ctx, sc, id, "berichten (API)"); err != nil {
		return err
	}
	out := make([]apiMessage, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, apiMessage{ID: m.ID, VanBehandelaar: m.FromHandler, Auteur: m.AuthorName, Intern: m.Internal, Tekst: m.Body, GeplaatstOp: m.CreatedAt.UTC()})
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiMessagePost(w http.ResponseWriter, r *http.Request) error {
	// The object first: someone without need-to-know gets 404 whatever
	// the body says.
	if _, err := s.mayHandle(r.Context(), web.ScopeOf(r), r.PathValue("reportID")); err != nil {
		return err
	}
	var in struct {
		Tekst          string `json:"tekst"`
		Intern         bool   `json:"intern"`
		Terugkoppeling bool   `json:"terugkoppeling"` // the Wbk feedback to the reporter
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	var err error
	switch {
	case in.Terugkoppeling && in.Intern:
		err = apperr.List{apperr.FieldErr("intern", "report.feedback.not_internal")}
	case in.Terugkoppeling:
		err = s.SendFeedback(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), in.Tekst)
	default:
		err = s.AddHandlerMessage(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), in.Intern, in.Tekst)
	}
	if err != nil {
		return renameFields(err, map[string]string{"intake_message": "tekst", "internal": "terugkoppeling"})
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type apiGrant struct {
	Gebruiker   string    `json:"gebruiker"`
	Naam        string    `json:"naam"`
	Reden       string    `json:"reden"`
	ToegekendOp time.Time `json:"toegekendOp"`
}

func (s *Store) apiAccess(w http.ResponseWriter, r *http.Request) error {
	list, err := s.AccessList(r.Context(), web.ScopeOf(r), r.PathValue("reportID"))
	if err != nil {
		return err
	}
	out := make([]apiGrant, 0, len(list))
	for _, g := range list {
		out = append(out, apiGrant{Gebruiker: g.UserID, Naam: g.UserName, Reden: g.Reason, ToegekendOp: g.GrantedAt.UTC()})
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiGrant(w http.ResponseWriter, r *http.Request) error {
	// The object first: someone without need-to-know gets 404 whatever
	// the body says.
	if _, err := s.mayHandle(r.Context(), web.ScopeOf(r), r.PathValue("reportID")); err != nil {
		return err
	}
	var in struct {
		Gebruiker string `json:"gebruiker"`
		Reden     string `json:"reden"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Grant(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), in.Gebruiker, in.Reden); err != nil {
		return renameFields(err, map[string]string{"access_user": "gebruiker", "access_reason": "reden"})
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Store) apiRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.Revoke(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), r.PathValue("userID")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
