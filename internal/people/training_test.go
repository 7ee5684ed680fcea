package people_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
)

func TestDefaultsAreCopiedOnceWithMatchingFunctions(t *testing.T) {
	e := newTEnv(t)
	boa := e.function(t, e.a, "BOA", "Boa openbare ruimte")
	hh := e.function(t, e.a, "HH-BOUW", "Handhaver bouw")
	bib := e.function(t, e.a, "BIB", "Bibob-adviseur")
	e.function(t, e.a, "ADM", "Administratief medewerker")
	reqs, err := e.s.Requirements(e.ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 5 {
		t.Fatalf("%d requirements copied in, want the 5 defaults", len(reqs))
	}
	sig := e.requirement(t, e.a, "SIGNALEN")
	want := []string{boa, hh}
	slices.Sort(want)
	if !slices.Equal(sig.FunctionIDs, want) {
		t.Errorf("signals of ondermijning for functions %v, want handhaver and boa %v", sig.FunctionIDs, want)
	}
	if b := e.requirement(t, e.a, "BIBOB"); !slices.Equal(b.FunctionIDs, []string{bib}) {
		t.Errorf("Bibob training for %v, want the Bibob adviser", b.FunctionIDs)
	}
	agr := e.requirement(t, e.a, "AGRESSIE")
	if agr.Audience != people.AudienceClientContact || agr.FirstMonths != 12 || agr.RefreshMonths != 36 {
		t.Errorf("aggression default %+v", agr)
	}
	// HR deletes one: it does not come back.
	hr := e.user(t, e.a, auth.HR)
	if err := e.s.DeleteRequirement(e.ctx, hr, agr.ID); err != nil {
		t.Fatal(err)
	}
	if reqs, _ := e.s.Requirements(e.ctx, e.a); len(reqs) != 4 {
		t.Fatalf("after deleting one: %d requirements", len(reqs))
	}
	// B's defaults are B's own.
	if n := e.count(t, `SELECT COUNT(*) FROM training_requirements WHERE org_id = $1`, e.b.OrgID); n != 0 {
		t.Fatalf("B has %d requirements before its first use", n)
	}
}

func TestRequirementEditsAreCheckedAndForHROnly(t *testing.T) {
	e := newTEnv(t)
	hr := e.user(t, e.a, auth.HR)
	tl := e.user(t, e.a, auth.TeamLead)
	in := people.RequirementInput{Code: "ehbo", Name: "EHBO", Audience: people.AudienceAll, FirstMonths: 6, RefreshMonths: 12}
	if _, err := e.s.CreateRequirement(e.ctx, tl, in); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("teamleider creates a requirement: %v, want forbidden", err)
	}
	id, err := e.s.CreateRequirement(e.ctx, hr, in)
	if err != nil {
		t.Fatal(err)
	}
	bad := people.RequirementInput{Code: "", Name: "", Audience: "iedereen", FirstMonths: -1, RefreshMonths: 999}
	err = e.s.UpdateRequirement(e.ctx, hr, id, bad)
	var fields []string
	for _, fe := range apperrList(err) {
		fields = append(fields, fe.Field)
	}
	for _, f := range []string{"code", "name", "audience", "first_months", "refresh_months"} {
		if !slices.Contains(fields, f) {
			t.Errorf("bad input: no error on %s (got %v)", f, fields)
		}
	}
	r := e.requirement(t, e.a, "EHBO")
	if r.RefreshMonths != 12 || r.Name != "EHBO" {
		t.Fatalf("a refused change was written: %+v", r)
	}
	// A function of another organisation cannot be chosen.
	foreign := e.function(t, e.b, "BOA", "Boa")
	err = e.s.UpdateRequirement(e.ctx, hr, id, people.RequirementInput{Code: "EHBO", Name: "EHBO", Audience: people.AudienceFunctions, FunctionIDs: []string{foreign}, FirstMonths: 6})
	if err == nil {
		t.Fatal("a requirement for B's function was accepted in A")
	}
	// Another organisation's requirement is not found.
	hrB := e.user(t, e.b, auth.HR)
	if err := e.s.UpdateRequirement(e.ctx, hrB, id, in); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("B changes A's requirement: %v, want not found", err)
	}
	if _, err := e.s.Requirement(e.ctx, hrB, id); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("B reads A's requirement: %v, want not found", err)
	}
}

func apperrList(err error) apperr.List {
	var l apperr.List
	if ok := asList(err, &l); ok {
		return l
	}
	if e := apperr.As(err); e != nil {
		return apperr.List{e}
	}
	return nil
}

func asList(err error, l *apperr.List) bool {
	x, ok := err.(apperr.List)
	if ok {
		*l = x
	}
	return ok
}

// world is organisation A with two teams (Klant and a sub-team Balie, and
// Handhaving), a teamleider of Klant, HR, and people in every situation the
// issue names.
type world struct {
	*tenv
	hr, lead, employee     *auth.Scope
	klant, balie, handhav  string
	late, stale, left, boa string
	fresh                  string
}

func newWorld(t *testing.T) *world {
	e := newTEnv(t)
	w := &world{tenv: e}
	w.hr = e.user(t, e.a, auth.HR)
	w.lead = e.user(t, e.a, auth.TeamLead)
	w.employee = e.user(t, e.a, auth.Employee)
	w.klant = e.team(t, e.a, "Klant", "")
	w.balie = e.team(t, e.a, "Balie", w.klant)
	w.handhav = e.team(t, e.a, "Handhaving", "")
	e.lead(t, w.lead, w.klant)
	boaFn := e.function(t, e.a, "BOA", "Boa")
	// Started 13 months ago, client contact, never trained.
	w.late = e.person(t, e.a, w.balie, "1001", "Anna Laat", "2025-10-23", "", true)
	// Trained 3 years and a day ago.
	w.stale = e.person(t, e.a, w.klant, "1002", "Bram Oud", "2015-01-01", "", true)
	// Left yesterday, never trained.
	w.left = e.person(t, e.a, w.klant, "1003", "Carla Weg", "2015-01-01", "2026-11-22", true)
	// A boa since September in Handhaving.
	w.boa = e.person(t, e.a, w.handhav, "2001", "Daan Boa", "2010-01-01", "", false)
	e.assign(t, e.a, w.boa, boaFn, "2026-09-01", "")
	// Trained last year.
	w.fresh = e.person(t, e.a, w.klant, "1004", "Eva Vers", "2015-01-01", "", true)
	agr := e.requirement(t, e.a, "AGRESSIE")
	if _, err := e.s.RecordAttendance(e.ctx, w.hr, people.AttendanceInput{EmployeeID: w.stale, RequirementID: agr.ID, Date: "2023-11-22"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.RecordAttendance(e.ctx, w.hr, people.AttendanceInput{EmployeeID: w.fresh, RequirementID: agr.ID, Date: "22-11-2025"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func line(t *testing.T, pt *people.PersonTraining, code string) people.DueItem {
	t.Helper()
	for _, l := range pt.Lines {
		if l.Requirement.Code == code {
			return l.Item
		}
	}
	t.Fatalf("%s has no line for %s", pt.Name, code)
	return people.DueItem{}
}

func TestOverdueFromTheDatabase(t *testing.T) {
	w := newWorld(t)
	pt, err := w.s.Person(w.ctx, w.hr, w.late)
	if err != nil {
		t.Fatal(err)
	}
	if it := line(t, pt, "AGRESSIE"); it.Status != people.StatusOverdue || it.Date.Format("2006-01-02") != "2026-10-23" || !it.Never() {
		t.Errorf("started 13 months ago without training: %+v", it)
	}
	pt, _ = w.s.Person(w.ctx, w.hr, w.stale)
	if it := line(t, pt, "AGRESSIE"); it.Status != people.StatusOverdue || it.Date.Format("2006-01-02") != "2026-11-22" {
		t.Errorf("trained 3 years and a day ago: %+v", it)
	}
	pt, _ = w.s.Person(w.ctx, w.hr, w.boa)
	if it := line(t, pt, "SIGNALEN"); it.Status != people.StatusPending || it.Date.Format("2006-01-02") != "2027-03-01" {
		t.Errorf("boa since September: %+v, want due 2027-03-01", it)
	}
	pt, _ = w.s.Person(w.ctx, w.hr, w.left)
	if pt.Current || len(pt.Lines) != 0 {
		t.Errorf("someone who left still has duties: %+v", pt.Lines)
	}
	o, err := w.s.Overview(w.ctx, w.hr)
	if err != nil {
		t.Fatal(err)
	}
	var agr people.Cell
	for i, r := range o.Requirements {
		if r.Code == "AGRESSIE" {
			agr = o.Total[i]
		}
	}
	// Anna, Bram and Eva have client contact; Carla left.
	if agr.Applicable != 3 || agr.Overdue != 2 || agr.Covered != 1 || agr.Percent() != 33 {
		t.Errorf("aggression coverage %+v, want 3 applicable, 2 overdue, 1 covered (33%%)", agr)
	}
	for _, p := range o.People {
		if p.EmployeeID == w.left {
			t.Error("someone who left is listed in the overview")
		}
	}
}

func TestTeamleiderSeesOnlyOwnTeams(t *testing.T) {
	w := newWorld(t)
	o, err := w.s.Overview(w.ctx, w.lead)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tc := range o.Teams {
		names = append(names, tc.TeamName)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Balie", "Klant"}) || o.All {
		t.Fatalf("teamleider of Klant sees teams %v, want Klant and its sub-team Balie", names)
	}
	for _, p := range o.People {
		if p.EmployeeID == w.boa {
			t.Fatal("teamleider of Klant sees the boa of Handhaving")
		}
	}
	if _, err := w.s.Person(w.ctx, w.lead, w.boa); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("teamleider opens someone of another team: %v, want not found", err)
	}
	if _, err := w.s.Person(w.ctx, w.lead, w.late); err != nil {
		t.Fatalf("teamleider opens someone of a sub-team: %v", err)
	}
	o, _ = w.s.Overview(w.ctx, w.hr)
	if len(o.Teams) != 3 || !o.All {
		t.Fatalf("HR sees %d teams, want all 3", len(o.Teams))
	}
	if _, err := w.s.Overview(w.ctx, w.employee); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an employee opens the overview: %v, want forbidden", err)
	}
	hrB := w.user(t, w.b, auth.HR)
	if _, err := w.s.Person(w.ctx, hrB, w.late); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("B's HR opens A's employee: %v, want not found", err)
	}
}

func TestAttendanceByHandIsIdempotentAndChecked(t *testing.T) {
	w := newWorld(t)
	agr := w.requirement(t, w.a, "AGRESSIE")
	before := w.count(t, `SELECT COUNT(*) FROM training_attendance`)
	id1, err := w.s.RecordAttendance(w.ctx, w.hr, people.AttendanceInput{EmployeeID: w.late, RequirementID: agr.ID, Date: "2026-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	id2, err := w.s.RecordAttendance(w.ctx, w.hr, people.AttendanceInput{EmployeeID: w.late, RequirementID: agr.ID, Date: "20-11-2026"})
	if err != nil || id1 != id2 {
		t.Fatalf("recording the same training twice: %v, ids %s %s", err, id1, id2)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM training_attendance`); n != before+1 {
		t.Fatalf("%d rows added, want 1", n-before)
	}
	_, err = w.s.RecordAttendance(w.ctx, w.hr, people.AttendanceInput{EmployeeID: w.late, RequirementID: agr.ID, Date: "2027-01-01"})
	if err == nil || !strings.Contains(apperr.As(err).Key+apperrList(err)[0].Key, "date_future") {
		t.Fatalf("a training in the future: %v", err)
	}
	if _, err := w.s.RecordAttendance(w.ctx, w.lead, people.AttendanceInput{EmployeeID: w.late, RequirementID: agr.ID, Date: "2026-11-20"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("teamleider records attendance: %v, want forbidden", err)
	}
	pt, _ := w.s.Person(w.ctx, w.hr, w.late)
	if it := line(t, pt, "AGRESSIE"); it.Status != people.StatusOK {
		t.Fatalf("after the training: %+v", it)
	}
}

func TestSessionsAndCertificates(t *testing.T) {
	w := newWorld(t)
	agr := w.requirement(t, w.a, "AGRESSIE")
	sid, err := w.s.CreateSession(w.ctx, w.hr, people.SessionInput{RequirementID: agr.ID, Date: "2026-11-10", Location: "Stadhuis", Capacity: 12})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.CreateSession(w.ctx, w.hr, people.SessionInput{RequirementID: "nope", Date: "morgen", Capacity: -1}); len(apperrList(err)) != 3 {
		t.Fatalf("a bad session: %v, want three field errors", err)
	}
	att, err := w.s.RecordAttendance(w.ctx, w.hr, people.AttendanceInput{EmployeeID: w.late, RequirementID: agr.ID, Date: "2026-11-10", SessionID: sid})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := w.s.SessionByID(w.ctx, w.hr, sid)
	if x.Attendees != 1 || x.Location != "Stadhuis" {
		t.Fatalf("session %+v", x)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	if _, err := w.s.AddCertificate(w.ctx, w.hr, att, "cert.exe", []byte("MZ\x90\x00binary")); err == nil {
		t.Fatal("an executable was accepted as certificate")
	}
	if _, err := w.s.AddCertificate(w.ctx, w.hr, att, "groot.pdf", append(pdf, make([]byte, people.MaxCertificateBytes)...)); !apperr.Is(err, apperr.TooLarge) {
		t.Fatalf("an oversized certificate: %v", err)
	}
	cid, err := w.s.AddCertificate(w.ctx, w.hr, att, "C:\\Users\\hr\\certificaat anna.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM training_certificates WHERE sealed = $1`, pdf); n != 0 {
		t.Fatal("the certificate is stored in the clear")
	}
	c, data, err := w.s.OpenCertificate(w.ctx, w.lead, cid)
	if err != nil || string(data) != string(pdf) || c.Filename != "certificaat anna.pdf" {
		t.Fatalf("teamleider of the person's team downloads: %v %q %+v", err, data, c)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action = 'people.training.certificate_download'`, cid); n != 1 {
		t.Fatalf("%d audit entries for the download, want 1", n)
	}
	other := w.user(t, w.a, auth.TeamLead)
	w.tenv.lead(t, other, w.handhav)
	if _, _, err := w.s.OpenCertificate(w.ctx, other, cid); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("teamleider of another team downloads: %v, want not found", err)
	}
}
