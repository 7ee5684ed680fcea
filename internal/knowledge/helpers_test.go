package knowledge_test

import (
	"html"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// office is one municipality with a coordinator (edits the cards), an
// employee and a team lead (read them), and a neighbouring municipality
// whose employee reads the same cards.
type office struct {
	h                  *apptest.Harness
	org, neighbour     *auth.Organisation
	coord, emp, lead   *auth.User
	neighbourEmp       *auth.User
	neighbourCoord     *auth.User
	coordToken, nToken string
}

func newOffice(t *testing.T) *office {
	t.Helper()
	h := apptest.New(t)
	o := &office{h: h, org: h.Org("voorbeeldstad"), neighbour: h.Org("buurdorp")}
	o.coord = h.User(o.org, "coord", auth.Coordinator)
	o.emp = h.User(o.org, "emp", auth.Employee)
	o.lead = h.User(o.org, "lead", auth.TeamLead)
	o.neighbourEmp = h.User(o.neighbour, "emp", auth.Employee)
	o.neighbourCoord = h.User(o.neighbour, "coord", auth.Coordinator)
	o.coordToken = h.Token(o.org, o.coord)
	o.nToken = h.Token(o.neighbour, o.neighbourEmp)
	return o
}

// rows counts the stored own versions of cards, of every organisation.
func (o *office) rows(t *testing.T) int {
	t.Helper()
	var n int
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT COUNT(*) FROM knowledge_cards`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// trail lists the audit actions about one card of the organisation, newest
// first.
func (o *office) trail(t *testing.T, code string) []string {
	t.Helper()
	entries, _, err := o.h.App.Audit.List(o.h.Ctx, audit.Filter{OrgID: o.org.ID, ObjectType: "knowledge_card", ObjectID: code})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action+" by "+e.ActorID)
	}
	return out
}

// shows reports whether a page shows text, as the template escapes it.
func shows(res *httptest.ResponseRecorder, text string) bool {
	return strings.Contains(res.Body.String(), html.EscapeString(text))
}

func wantStatus(t *testing.T, what string, res *httptest.ResponseRecorder, status int) {
	t.Helper()
	if res.Code != status {
		t.Fatalf("%s: want %d, got %d → %q", what, status, res.Code, res.Header().Get("Location"))
	}
}

// apiCard is a card as the API gives it.
type apiCard struct {
	Code            string   `json:"code"`
	Titel           string   `json:"titel"`
	Uitleg          string   `json:"uitleg"`
	WatKanErMisgaan []string `json:"watKanErMisgaan"`
	Signalen        []string `json:"signalen"`
	WatDoetU        []string `json:"watDoetU"`
	WieBeltU        []string `json:"wieBeltU"`
	Contactgegevens string   `json:"contactgegevens"`
	EigenTekst      bool     `json:"eigenTekst"`
	GewijzigdOp     string   `json:"gewijzigdOp"`
}
