package risk_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// The export table has Dutch column names and one row per finding, with
// the step, the process, the people and the mitigation written out.
func TestExportRowsOfTheFindings(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	if _, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: duty.KeyConflict("bibob_vergunning", r.jan),
		Control: "Collegiale toets", OwnerID: d.owner, Until: "2026-09-30"}); err != nil {
		t.Fatal(err)
	}
	rows, err := d.st.ExportRows(d.ctx, d.a, risk.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Soort", "Risico", "Team", "Proces", "Processtappen", "Medewerker(s)", "Toelichting", "Status", "Beheersmaatregel", "Eigenaar maatregel", "Afgedekt tot en met"},
		{"Eenpitter", "Midden", "Vergunningen", "Horeca", "Leges innen", "Piet", "Actieve houders: 1, minimaal nodig: 2.", "Open", "", "", ""},
		{"Dubbelzitter", "Hoog", "Vergunningen", "Horeca", "Bibob-onderzoek, Vergunning verlenen", "Jan", "", "Afgedekt door een beheersmaatregel tot en met 30-09-2026",
			"Collegiale toets", "Eigenaar A", "30-09-2026"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		got := slices.Clone(rows[i])
		if i == 2 {
			got[6] = "" // the rule's text is the catalogue's
		}
		if !slices.Equal(got, want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, got, want[i])
		}
	}
	open, err := d.st.ExportRows(d.ctx, d.a, risk.Filter{Status: risk.StatusOpen})
	if err != nil || len(open) != 2 || open[1][0] != "Eenpitter" {
		t.Errorf("open only: %q %v", open, err)
	}
	if _, err := risk.ParseFilter("eenpitter", "", "dicht"); !slices.Equal(fieldsOf(err), []string{"kind", "status"}) {
		t.Errorf("bad filter: %v", err)
	}
	if b, err := d.st.ExportRows(d.ctx, d.b, risk.Filter{}); err != nil || len(b) != 1 {
		t.Errorf("B's export (no register): %q %v, want only the header", b, err)
	}
	if _, err := d.st.ExportRows(d.ctx, &auth.Scope{OrgID: d.a.OrgID, UserID: d.owner, Roles: []auth.Role{auth.Employee}}, risk.Filter{}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("an employee exported the findings: %v", err)
	}
}
