package audit

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

var subjectKey = []byte("organisation key from the vault, for tests only")

// The processing log must not be able to say who did something: neither the
// Go type nor the table has a place for a user.
func TestProcessingLogHoldsNoUserIdentity(t *testing.T) {
	want := []string{"activity", "data_subject_ref", "ended_at", "id", "org_id", "parent_span_id",
		"span_id", "started_at", "status", "trace_id"}

	var fields []string
	typ := reflect.TypeOf(Processing{})
	for i := 0; i < typ.NumField(); i++ {
		fields = append(fields, strings.ToLower(typ.Field(i).Name))
	}
	for _, f := range fields {
		for _, bad := range []string{"user", "actor", "employee", "name"} {
			if strings.Contains(f, bad) {
				t.Errorf("Processing has field %s, which could identify the user", f)
			}
		}
	}
	if len(fields) != len(want) {
		t.Errorf("Processing has fields %v; each new one must be checked for user identity", fields)
	}

	_, db, _ := newLog(t)
	rows, err := db.Read.QueryContext(context.Background(), `SELECT * FROM processing_log WHERE 1 = 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(cols)
	if strings.Join(cols, ",") != strings.Join(want, ",") {
		t.Fatalf("processing_log columns = %v, want exactly %v", cols, want)
	}
}

func TestAuditEntryAndProcessingShareSpan(t *testing.T) {
	ctx := context.Background()
	l, db, clk := newLog(t)
	ref := SubjectRef(subjectKey, "person", "subject-42")
	e := entry("org-a", "u1", "report.read", "report", "r1")
	e.SpanID = ""
	p := Processing{Activity: "meldpunt.behandeling", DataSubjectRef: ref, Status: StatusOK}
	err := db.Tx(ctx, func(tx *sql.Tx) error { return l.RecordProcessing(ctx, tx, e, p) })
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	// A second read of another subject in the same request.
	other := SubjectRef(subjectKey, "person", "subject-43")
	if err := l.RecordProcessing(ctx, db.Write, entry("org-a", "u1", "report.read", "report", "r2"),
		Processing{Activity: "meldpunt.behandeling", DataSubjectRef: other, Status: StatusOK}); err != nil {
		t.Fatal(err)
	}

	var got []Processing
	if err := l.SubjectProcessing(ctx, "org-a", ref, func(p Processing) error {
		got = append(got, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("subject has %d processing records, want 1", len(got))
	}
	pr := got[0]
	if pr.OrgID != "org-a" || !isHex(pr.SpanID, 16) || !isHex(pr.TraceID, 32) || !pr.StartedAt.Equal(t0) {
		t.Fatalf("processing record = %+v", pr)
	}
	entries, _, err := l.List(ctx, Filter{OrgID: "org-a", ObjectID: "r1"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit entries = %v, %v", entries, err)
	}
	if entries[0].SpanID != pr.SpanID {
		t.Fatalf("audit span %q, processing span %q: the logs cannot be linked", entries[0].SpanID, pr.SpanID)
	}
}

func TestRecordProcessingIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	l, db, _ := newLog(t)
	bad := Processing{Activity: "meldpunt.behandeling", DataSubjectRef: "123456782", Status: StatusOK}
	err := l.RecordProcessing(ctx, db.Write, entry("org-a", "u1", "report.read", "report", "r1"), bad)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Field != "data_subject_ref" {
		t.Fatalf("a BSN as subject reference: %v", err)
	}
	if heads, _ := l.Heads(ctx); len(heads) != 0 {
		t.Fatal("the audit entry was written although its processing record was refused")
	}
	e := entry("org-a", "u1", "report.read", "report", "r1")
	p := Processing{SpanID: NewSpanID(), Activity: "x.y", DataSubjectRef: SubjectRef(subjectKey, "p", "1"), Status: StatusOK}
	if err := l.RecordProcessing(ctx, db.Write, e, p); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("different span ids accepted: %v", err)
	}
	p.SpanID, p.OrgID = "", "org-b"
	if err := l.RecordProcessing(ctx, db.Write, e, p); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("different organisations accepted: %v", err)
	}
}

func TestProcessRefusesBadRecords(t *testing.T) {
	ctx := context.Background()
	l, db, _ := newLog(t)
	good := Processing{TraceID: NewTraceID(), SpanID: NewSpanID(), OrgID: "org-a",
		Activity: "meldpunt.behandeling", DataSubjectRef: SubjectRef(subjectKey, "person", "1"), Status: StatusOK}
	cases := []struct {
		field  string
		change func(*Processing)
	}{
		{"org_id", func(p *Processing) { p.OrgID = "" }},
		{"trace_id", func(p *Processing) { p.TraceID = "abc" }},
		{"trace_id", func(p *Processing) { p.TraceID = strings.Repeat("0", 32) }},
		{"span_id", func(p *Processing) { p.SpanID = "" }},
		{"parent_span_id", func(p *Processing) { p.ParentSpanID = "nothex-nothex-00" }},
		{"activity", func(p *Processing) { p.Activity = "Melding behandelen" }},
		{"data_subject_ref", func(p *Processing) { p.DataSubjectRef = "Jan de Vries" }},
		{"data_subject_ref", func(p *Processing) { p.DataSubjectRef = "" }},
		{"ended_at", func(p *Processing) { p.StartedAt, p.EndedAt = t0.Add(time.Hour), t0 }},
		{"status", func(p *Processing) { p.Status = "done" }},
	}
	for _, c := range cases {
		p := good
		c.change(&p)
		err := l.Process(ctx, db.Write, p)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != c.field {
			t.Errorf("%s: %v", c.field, err)
		}
	}
	var n int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM processing_log`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d refused records were written (%v)", n, err)
	}
}

func TestIDsAndSubjectRefs(t *testing.T) {
	if s := NewSpanID(); !isHex(s, 16) || s == NewSpanID() {
		t.Errorf("span id %q", s)
	}
	if s := NewTraceID(); !isHex(s, 32) || s == NewTraceID() {
		t.Errorf("trace id %q", s)
	}
	a := SubjectRef(subjectKey, "person", "42")
	if a != SubjectRef(subjectKey, "person", "42") {
		t.Error("the same subject gets different references")
	}
	if a == SubjectRef([]byte("key of another organisation"), "person", "42") {
		t.Error("two organisations' keys give the same reference")
	}
	if a == SubjectRef(subjectKey, "person4", "2") {
		t.Error("type and id are not separated")
	}
	if !isHex(a, 64) {
		t.Errorf("reference %q", a)
	}
}
