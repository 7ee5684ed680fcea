package plan_test

import (
	"html"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
)

// office is one municipality with the people the action list serves: a
// coordinator (manages all actions), two employees (own actions only) and a
// neighbouring municipality with its own coordinator.
type office struct {
	h                    *apptest.Harness
	org, neighbour       *auth.Organisation
	coord, emp, emp2     *auth.User
	neighbourCoord       *auth.User
	coordToken, empToken string
}

func newOffice(t *testing.T) *office {
	t.Helper()
	h := apptest.New(t)
	o := &office{h: h, org: h.Org("voorbeeldstad"), neighbour: h.Org("buurdorp")}
	o.coord = h.User(o.org, "coord", auth.Coordinator)
	o.emp = h.User(o.org, "emp", auth.Employee)
	o.emp2 = h.User(o.org, "emp2", auth.Employee)
	o.neighbourCoord = h.User(o.neighbour, "coord", auth.Coordinator)
	o.coordToken = h.Token(o.org, o.coord)
	o.empToken = h.Token(o.org, o.emp)
	return o
}

// create adds an action through the store, for tests about reading.
func (o *office) create(t *testing.T, org *auth.Organisation, by *auth.User, n plan.NewAction) *plan.Action {
	t.Helper()
	a, err := o.h.App.Plan.Create(o.h.Ctx, o.h.Scope(org, by), n)
	if err != nil {
		t.Fatalf("create %q: %v", n.Title, err)
	}
	return a
}

func (o *office) actions(t *testing.T) int {
	t.Helper()
	var n int
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT COUNT(*) FROM actions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// apiAction is the part of the API's action the tests read.
type apiAction struct {
	ID            string `json:"id"`
	Titel         string `json:"titel"`
	Eigenaar      string `json:"eigenaar"`
	Deadline      string `json:"deadline"`
	Status        string `json:"status"`
	Achterstallig bool   `json:"achterstallig"`
	AfgerondOp    string `json:"afgerondOp"`
}

// names lists the fields a problem complains about.
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

// The shared API-test helpers of apptest, under this package's short names.
var wantProblem = apptest.WantProblem
