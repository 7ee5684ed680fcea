package bibob_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
)

func TestInterventionIsRegisteredSealedAndReadWithAudit(t *testing.T) {
	e := newIVEnv(t)
	id, err := e.s.AddIntervention(e.ctx, e.a, bibob.InterventionInput{Kind: "sluiting", LegalBasis: "opiumwet_13b", OccurredOn: "2026-03-14",
		ObjectAddress: "Havenweg 12", BusinessName: "Coffeeshop De Haven", Outcome: "gesloten voor 3 maanden", ScreeningRef: "B-2026-004",
		Note: "Handelshoeveelheid aangetroffen in de kelder"})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM interventions WHERE note LIKE '%kelder%'`); n != 0 {
		t.Error("the note is stored in plain text")
	}
	x, err := e.s.Intervention(e.ctx, e.a, id)
	if err != nil {
		t.Fatal(err)
	}
	if x.Note != "Handelshoeveelheid aangetroffen in de kelder" || x.Kind != "sluiting" || x.BusinessName != "Coffeeshop De Haven" || x.ScreeningRef != "B-2026-004" {
		t.Errorf("read back %+v", x)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'bibob.intervention.read' AND object_id = $2 AND actor_id = $3`,
		e.a.OrgID, id, e.a.UserID); n != 1 {
		t.Errorf("%d read entries, want 1", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'bibob.intervention.create' AND object_id = $2`, e.a.OrgID, id); n != 1 {
		t.Errorf("%d create entries, want 1", n)
	}
	// Another municipality does not see it, by id or in its list.
	if _, err := e.s.Intervention(e.ctx, e.b, id); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("B reads A's intervention: %v, want not found", err)
	}
	if list, _, _ := e.s.Interventions(e.ctx, e.b, bibob.InterventionFilter{}); len(list) != 0 {
		t.Errorf("B lists %d of A's interventions", len(list))
	}
	// An employee may not read the register.
	emp := e.user(t, e.a.OrgID, auth.Employee)
	if _, _, err := e.s.Interventions(e.ctx, emp, bibob.InterventionFilter{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("employee lists the register: %v", err)
	}
}

func TestInterventionInputIsCheckedFieldByField(t *testing.T) {
	e := newIVEnv(t)
	cases := []struct {
		in   bibob.InterventionInput
		want map[string]string
	}{
		{bibob.InterventionInput{}, map[string]string{"kind": "field.required", "legal_basis": "field.required", "occurred_on": "field.required",
			"object_address": "field.required", "outcome": "field.required"}},
		{bibob.InterventionInput{Kind: "sluiting", LegalBasis: "wet_bibob", OccurredOn: "2026-01-01", ObjectAddress: "x", Outcome: "y"},
			map[string]string{"legal_basis": "bibob.iv.basis_for_kind"}},
		{bibob.InterventionInput{Kind: "razzia", LegalBasis: "apv", OccurredOn: "2026-11-24", ObjectAddress: "x", Outcome: "y"},
			map[string]string{"kind": "bibob.iv.kind_invalid", "occurred_on": "bibob.iv.date_future"}},
		{bibob.InterventionInput{Kind: "waarschuwing", LegalBasis: "apv", OccurredOn: "14-03-2026", ObjectAddress: strings.Repeat("x", 201), Outcome: "y"},
			map[string]string{"occurred_on": "bibob.iv.date_invalid", "object_address": "bibob.iv.too_long"}},
	}
	for i, c := range cases {
		_, err := e.s.AddIntervention(e.ctx, e.a, c.in)
		got := fields(err)
		for f, key := range c.want {
			if got[f] != key {
				t.Errorf("case %d: field %s = %q, want %q (all: %v)", i, f, got[f], key, got)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("case %d: errors %v, want %v", i, got, c.want)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM interventions`); n != 0 {
		t.Errorf("%d interventions written by refused input", n)
	}
}

func TestInterventionChangeNeedsAReasonAndIsKept(t *testing.T) {
	e := newIVEnv(t)
	id := e.add(t, e.a, "integrale_controle", "apv", "2025-06-01")
	in := bibob.InterventionInput{Kind: "integrale_controle", LegalBasis: "apv", OccurredOn: "2025-06-02", ObjectAddress: "Marktstraat 1", Outcome: "twee overtredingen"}
	if err := e.s.UpdateIntervention(e.ctx, e.a, id, in, " "); fields(err)["reason"] != "bibob.iv.reason_required" {
		t.Fatalf("change without reason: %v", err)
	}
	if x, _ := e.s.Intervention(e.ctx, e.a, id); x.OccurredOn != "2025-06-01" {
		t.Error("a refused change was written")
	}
	if err := e.s.UpdateIntervention(e.ctx, e.a, id, in, "Datum verkeerd overgenomen uit het proces-verbaal"); err != nil {
		t.Fatal(err)
	}
	x, err := e.s.Intervention(e.ctx, e.a, id)
	if err != nil {
		t.Fatal(err)
	}
	if x.OccurredOn != "2025-06-02" || x.Outcome != "twee overtredingen" || len(x.Changes) != 1 ||
		x.Changes[0].Fields != "occurred_on,outcome" || x.Changes[0].Reason != "Datum verkeerd overgenomen uit het proces-verbaal" {
		t.Errorf("after change: %+v", x)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bibob.intervention.update' AND object_id = $1`, id); n != 1 {
		t.Errorf("%d update entries", n)
	}
	if err := e.s.UpdateIntervention(e.ctx, e.b, id, in, "poging"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("B changes A's intervention: %v", err)
	}
	if err := e.s.UpdateIntervention(e.ctx, e.a, id, in, "nogmaals"); fields(err)["reason"] != "bibob.iv.nothing_changed" {
		t.Errorf("a change that changes nothing: %v", err)
	}
}

func TestInterventionListFiltersAndPages(t *testing.T) {
	e := newIVEnv(t)
	for i, d := range []string{"2024-01-05", "2024-02-05", "2025-03-05", "2025-04-05", "2026-05-05"} {
		kind, basis := "waarschuwing", "apv"
		if i%2 == 0 {
			kind, basis = "bibob_toets", "wet_bibob"
		}
		e.add(t, e.a, kind, basis, d)
	}
	list, _, err := e.s.Interventions(e.ctx, e.a, bibob.InterventionFilter{Kind: "bibob_toets"})
	if err != nil || len(list) != 3 || list[0].OccurredOn != "2026-05-05" {
		t.Errorf("kind filter: %d, %v", len(list), err)
	}
	if list, _, _ := e.s.Interventions(e.ctx, e.a, bibob.InterventionFilter{Year: 2025}); len(list) != 2 {
		t.Errorf("year filter: %d", len(list))
	}
	var days []string
	cursor := ""
	for range 4 {
		page, next, err := e.s.Interventions(e.ctx, e.a, bibob.InterventionFilter{Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range page {
			days = append(days, x.OccurredOn)
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	if strings.Join(days, " ") != "2026-05-05 2025-04-05 2025-03-05 2024-02-05 2024-01-05" {
		t.Errorf("pages: %v", days)
	}
	if _, _, err := e.s.Interventions(e.ctx, e.a, bibob.InterventionFilter{Kind: "onzin"}); fields(err)["soort"] == "" {
		t.Errorf("unknown kind filter: %v", err)
	}
}

func TestFiguresCountPerYearAndKindForAnyYear(t *testing.T) {
	e := newIVEnv(t)
	e.add(t, e.a, "sluiting", "opiumwet_13b", "2015-07-01")
	e.add(t, e.a, "sluiting", "woningwet", "2024-07-01")
	e.add(t, e.a, "sluiting", "apv", "2024-12-31")
	e.add(t, e.a, "lbb_advies", "wet_bibob", "2025-01-01")
	e.add(t, e.a, "waarschuwing", "apv", "2026-02-01")
	e.add(t, e.b, "sluiting", "apv", "2024-05-01") // B's: never in A's table

	from, to, err := e.s.FigureYears(e.ctx, e.a, "", "")
	if err != nil || from != 2015 || to != 2026 {
		t.Fatalf("default range %d–%d, %v; want from the first registered year to this year", from, to, err)
	}
	f, err := e.s.Figures(e.ctx, e.a, 2023, 2026)
	if err != nil {
		t.Fatal(err)
	}
	row := func(kind string) bibob.FigureRow {
		for _, r := range f.Rows {
			if r.Kind == kind {
				return r
			}
		}
		t.Fatalf("no row %s", kind)
		return bibob.FigureRow{}
	}
	if r := row("sluiting"); r.Counts[1] != 2 || r.Total != 2 {
		t.Errorf("closures %v total %d, want 2 in 2024 (the 2015 one is outside the range)", r.Counts, r.Total)
	}
	if r := row("lbb_advies"); r.Counts[2] != 1 {
		t.Errorf("LBB advices %v", r.Counts)
	}
	if f.Total != 4 || f.Totals[0] != 0 || f.Totals[1] != 2 || f.Totals[2] != 1 || f.Totals[3] != 1 || len(f.Rows) != len(bibob.InterventionKinds) {
		t.Errorf("totals %v / %d", f.Totals, f.Total)
	}
	old, err := e.s.Figures(e.ctx, e.a, 2015, 2015)
	if err != nil || old.Total != 1 || row("sluiting").Total != 2 {
		t.Errorf("2015: %+v %v", old, err)
	}
	// The auditor sees counts; an employee nothing.
	if _, err := e.s.Figures(e.ctx, e.user(t, e.a.OrgID, auth.Auditor), 2024, 2026); err != nil {
		t.Errorf("auditor: %v", err)
	}
	if _, err := e.s.Figures(e.ctx, e.user(t, e.a.OrgID, auth.Employee), 2024, 2026); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("employee: %v", err)
	}
	if _, _, err := e.s.FigureYears(e.ctx, e.a, "2026", "2020"); fields(err)["van"] != "bibob.iv.range_reversed" {
		t.Errorf("reversed range: %v", err)
	}
	if _, _, err := e.s.FigureYears(e.ctx, e.a, "1980", "tja"); fields(err)["van"] == "" || fields(err)["tot"] == "" {
		t.Errorf("bad years: %v", err)
	}
	doc := e.s.FiguresDocument(e.a, f, "nl")
	if len(doc.Tables) != 1 || len(doc.Tables[0].Columns) != 6 || doc.Tables[0].Rows[len(doc.Tables[0].Rows)-1][5] != "4" {
		t.Errorf("export table %+v", doc.Tables)
	}
}

func TestImportInterventionsIsAllOrNothing(t *testing.T) {
	e := newIVEnv(t)
	good := "Soort;Datum;Grondslag;Adres;Bedrijfsnaam;Uitkomst;Referentie;Toelichting\n" +
		"Bibob-toets;2019-04-01;Wet Bibob;Kerkplein 2;Café Centraal;geen gevaar;B-2019-01;\n" +
		"Sluiting;15-08-2020;Opiumwet art. 13b;Havenweg 12;;gesloten 6 maanden;;hennepkwekerij op zolder\n" +
		"LBB-advies;2021-02-03;wet_bibob;Kerkplein 2;Café Centraal;mindere mate van gevaar;B-2019-01;\n"
	rep, err := e.s.ImportInterventions(e.ctx, e.a, strings.NewReader(good), "csv", true)
	if err != nil || rep.Rows != 3 || rep.New != 3 {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM interventions`); n != 0 {
		t.Fatalf("a dry run wrote %d interventions", n)
	}
	bad := "soort,datum,grondslag,adres,uitkomst\n" +
		"Sluiting,2020-08-15,Opiumwet art. 13b,Havenweg 12,gesloten\n" +
		"Razzia,2020-08-15,APV,Havenweg 12,x\n" +
		"Sluiting,2020-13-45,Wet Bibob,,gesloten\n"
	_, err = e.s.ImportInterventions(e.ctx, e.a, strings.NewReader(bad), "csv", false)
	list, ok := err.(apperr.List)
	if !ok {
		t.Fatalf("bad file: %v", err)
	}
	var got []string
	for _, x := range list {
		got = append(got, x.Field+"@"+string(rune('0'+x.Row)))
	}
	want := "soort@3 datum@4 grondslag@4 adres@4"
	if strings.Join(got, " ") != want {
		t.Errorf("errors %v, want %s", got, want)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM interventions`); n != 0 {
		t.Fatalf("a file with bad rows wrote %d interventions", n)
	}
	if _, err := e.s.ImportInterventions(e.ctx, e.a, strings.NewReader("soort,datum\nSluiting,2020-01-01\n"), "csv", true); err == nil ||
		!strings.Contains(err.Error(), "column_missing") {
		t.Errorf("missing columns: %v", err)
	}
	if _, err := e.s.ImportInterventions(e.ctx, e.a, bytes.NewReader([]byte(good)), "csv", false); err != nil {
		t.Fatal(err)
	}
	f, _ := e.s.Figures(e.ctx, e.a, 2019, 2021)
	if f.Total != 3 || f.Rows[0].Counts[0] != 1 || f.Rows[3].Counts[1] != 1 || f.Rows[1].Counts[2] != 1 {
		t.Errorf("after import: %+v", f.Rows)
	}
	list2, _, _ := e.s.Interventions(e.ctx, e.a, bibob.InterventionFilter{Kind: "sluiting"})
	if len(list2) != 1 || list2[0].Source != "import" || list2[0].OccurredOn != "2020-08-15" {
		t.Fatalf("imported closure %+v", list2)
	}
	if x, _ := e.s.Intervention(e.ctx, e.a, list2[0].ID); x.Note != "hennepkwekerij op zolder" {
		t.Errorf("imported note %q", x.Note)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bibob.intervention.import' AND object_id = '3'`); n != 1 {
		t.Errorf("%d import entries", n)
	}
}
