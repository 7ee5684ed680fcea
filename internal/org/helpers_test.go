package org_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/org"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// env is a database with two municipalities, A and B, and the org store.
type env struct {
	ctx    context.Context
	db     *store.DB
	clk    *clock.Fake
	org    *org.Store
	a, b   *auth.Scope // operator scopes, which may change the model
	reader *auth.Scope // an employee of A: may read, not change
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e := &env{ctx: context.Background(), db: db, clk: clk, org: org.NewStore(db, clk, audit.New(db, clk))}
	e.a = e.newOrg(t, "voorbeeldstad")
	e.b = e.newOrg(t, "buurdorp")
	e.reader = &auth.Scope{OrgID: e.a.OrgID, UserID: "medewerker", UserName: "medewerker", Roles: []auth.Role{auth.Employee}}
	return e
}

func (e *env) newOrg(t *testing.T, slug string) *auth.Scope {
	t.Helper()
	id := store.NewID()
	if _, err := e.db.Write.ExecContext(e.ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`,
		id, slug, "Gemeente "+slug); err != nil {
		t.Fatal(err)
	}
	sc := auth.System(id)
	sc.UserName = "test"
	return sc
}

// importCSV imports text as a CSV file.
func (e *env) importCSV(t *testing.T, sc *auth.Scope, text string, dryRun bool) (*org.ImportReport, error) {
	t.Helper()
	return e.org.Import(e.ctx, sc, strings.NewReader(text), org.CSV, dryRun)
}

// mustImport imports text and fails the test on any problem.
func (e *env) mustImport(t *testing.T, sc *auth.Scope, text string) *org.ImportReport {
	t.Helper()
	rep, err := e.importCSV(t, sc, text, false)
	if err != nil {
		t.Fatalf("import: %v (%s)", err, describe(rep))
	}
	return rep
}

func describe(rep *org.ImportReport) string {
	if rep == nil {
		return "no report"
	}
	var b strings.Builder
	for _, e := range rep.Errors {
		fmt.Fprintf(&b, "rij %d kolom %q: %s; ", e.Row, e.Field, e.Key)
	}
	return b.String()
}

// tableCounts counts the rows of the four tables of the model, in all
// organisations.
func (e *env) tableCounts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"teams", "functions", "employees", "assignments", "audit_log"} {
		var n int
		if err := e.db.Read.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// snapshot is every column of every row of the model's tables and the
// audit log, sorted, for telling that nothing at all changed.
func (e *env) snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, org_id, COALESCE(parent_id, ''), name, COALESCE(code, ''), created_at, updated_at FROM teams`,
		`SELECT id, org_id, code, name, sensitive, vog_level, created_at, updated_at FROM functions`,
		`SELECT id, org_id, number, name, team_id, start_date, end_date, client_contact, hired, created_at, updated_at FROM employees`,
		`SELECT id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at FROM assignments`,
		`SELECT org_id, seq, action, purpose, hash FROM audit_log`,
		`SELECT chain, seq, hash FROM audit_heads`,
	} {
		rows, err := e.db.Read.QueryContext(e.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		rows.Close()
		slices.Sort(lines)
		fmt.Fprintf(&b, "%s\n%s\n", q, strings.Join(lines, "\n"))
	}
	return b.String()
}

// wantRowErrors fails unless errs names exactly these (row, column) pairs.
func wantRowErrors(t *testing.T, err error, want ...string) apperr.List {
	t.Helper()
	var list apperr.List
	if !errors.As(err, &list) {
		t.Fatalf("want row errors %v, got %v", want, err)
	}
	var got []string
	for _, e := range list {
		got = append(got, fmt.Sprintf("%d:%s", e.Row, e.Field))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("want errors at %v, got %v", want, describeList(list))
	}
	return list
}

func describeList(l apperr.List) string {
	return describe(&org.ImportReport{Errors: l})
}

func wantCounts(t *testing.T, what string, got org.Counts, created, updated, unchanged int) {
	t.Helper()
	if got != (org.Counts{Created: created, Updated: updated, Unchanged: unchanged}) {
		t.Errorf("%s: want %d created, %d updated, %d unchanged; got %+v", what, created, updated, unchanged, got)
	}
}

// csvFile joins rows into a file with the standard header, separated by
// semicolons as Dutch spreadsheet programs write it.
func csvFile(rows ...string) string {
	return header + "\n" + strings.Join(rows, "\n") + "\n"
}

const header = "personeelsnummer;naam;team;teamcode;bovenliggend team;functie;functiecode;startdatum;uitdienst;klantcontact;inhuur;functie vanaf;functie tot"

// The base file: four teams (two only as parents), four functions, three
// employees, five assignments.
var (
	rowAnnaVV  = "1001;Anna de Boer;Vergunningen;VERG;Ruimte;Vergunningverlener;VV;2015-04-01;;nee;nee;2015-04-01;"
	rowAnnaBT  = "1001;Anna de Boer;Vergunningen;VERG;Ruimte;Bibob-toetser;BT;2015-04-01;;nee;nee;01-01-2020;"
	rowBram    = "1002;Bram Jansen;Vergunningen;VERG;Ruimte;Vergunningverlener;VV;01-09-2019;;ja;nee;01-09-2019;"
	rowCarlaBA = "1003;Carla Visser;Burgerzaken;BZ;Dienstverlening;Baliemedewerker;BAL;2018-02-01;;ja;ja;2018-02-01;2023-12-31"
	rowCarlaRD = "1003;Carla Visser;Burgerzaken;BZ;Dienstverlening;Medewerker reisdocumenten;RD;2018-02-01;;ja;ja;2024-01-01;"
	baseFile   = csvFile(rowAnnaVV, rowAnnaBT, rowBram, rowCarlaBA, rowCarlaRD)
)
