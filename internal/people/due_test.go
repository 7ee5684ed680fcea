package people

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// aggression is the shipped default for client contact: within 12 months
// of starting, every 3 years.
var aggression = DueRequirement{ID: "agr", Audience: AudienceClientContact, FirstMonths: 12, RefreshMonths: 36}

func only(t *testing.T, items []DueItem, person, req string) DueItem {
	t.Helper()
	var found []DueItem
	for _, it := range items {
		if it.PersonID == person && it.RequirementID == req {
			found = append(found, it)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d items for %s/%s, want 1: %+v", len(found), person, req, items)
	}
	return found[0]
}

func TestStartedThirteenMonthsAgoWithoutTrainingIsOverdue(t *testing.T) {
	today := day("2026-11-23")
	items := ComputeDue(DueInput{Day: today, SoonDays: 30, Requirements: []DueRequirement{aggression},
		People: []DuePerson{{ID: "p", TeamID: "t", Kind: KindStaff, Start: day("2025-10-23"), ClientContact: true}}})
	it := only(t, items, "p", "agr")
	if it.Status != StatusOverdue || !it.Date.Equal(day("2026-10-23")) || !it.Never() {
		t.Fatalf("started 13 months ago, never trained: %+v, want overdue since 2026-10-23, never done", it)
	}
	// Eleven months in, it is still to come — and soon.
	items = ComputeDue(DueInput{Day: today, SoonDays: 31, Requirements: []DueRequirement{aggression},
		People: []DuePerson{{ID: "p", Kind: KindStaff, Start: day("2025-12-23"), ClientContact: true}}})
	if it := only(t, items, "p", "agr"); it.Status != StatusSoon || !it.Date.Equal(day("2026-12-23")) {
		t.Fatalf("started 11 months ago: %+v, want soon on 2026-12-23", it)
	}
}

func TestRefresherThreeYearsAndADayAgoIsOverdue(t *testing.T) {
	today := day("2026-11-23")
	in := DueInput{Day: today, SoonDays: 30, Requirements: []DueRequirement{aggression},
		People: []DuePerson{{ID: "p", Kind: KindStaff, Start: day("2015-01-01"), ClientContact: true}},
		Last:   map[DueKey]time.Time{{"p", "agr"}: day("2023-11-22")}}
	it := only(t, ComputeDue(in), "p", "agr")
	if it.Status != StatusOverdue || !it.Date.Equal(day("2026-11-22")) || it.Never() {
		t.Fatalf("trained 3 years and a day ago: %+v, want refresher overdue since 2026-11-22", it)
	}
	// Exactly three years ago it runs out today: due, not yet overdue.
	in.Last[DueKey{"p", "agr"}] = day("2023-11-23")
	if it := only(t, ComputeDue(in), "p", "agr"); it.Status != StatusSoon {
		t.Fatalf("trained exactly 3 years ago: %+v, want soon", it)
	}
	// Trained a year ago: fine for two more years.
	in.Last[DueKey{"p", "agr"}] = day("2025-11-23")
	if it := only(t, ComputeDue(in), "p", "agr"); it.Status != StatusOK || !it.Date.Equal(day("2028-11-23")) {
		t.Fatalf("trained a year ago: %+v, want ok until 2028-11-23", it)
	}
	// A training once (no refresher) stays done.
	once := DueRequirement{ID: "aw", Audience: AudienceAll, FirstMonths: 6}
	in.Requirements = []DueRequirement{once}
	in.Last = map[DueKey]time.Time{{"p", "aw"}: day("2016-01-01")}
	if it := only(t, ComputeDue(in), "p", "aw"); it.Status != StatusOK || !it.Date.IsZero() {
		t.Fatalf("one-off training done in 2016: %+v, want ok without end", it)
	}
}

func TestSomeoneWhoLeftIsNotCounted(t *testing.T) {
	today := day("2026-11-23")
	items := ComputeDue(DueInput{Day: today, Requirements: []DueRequirement{aggression},
		People: []DuePerson{
			{ID: "left", Kind: KindStaff, Start: day("2020-01-01"), End: day("2026-11-22"), ClientContact: true},
			{ID: "future", Kind: KindStaff, Start: day("2026-12-01"), ClientContact: true},
			{ID: "lastday", Kind: KindStaff, Start: day("2020-01-01"), End: today, ClientContact: true},
		}})
	if len(items) != 1 || items[0].PersonID != "lastday" {
		t.Fatalf("items %+v: want only the person working their last day today", items)
	}
}

func TestFunctionChangeGivesNewFirstDueDate(t *testing.T) {
	today := day("2026-11-23")
	signals := DueRequirement{ID: "sig", Audience: AudienceFunctions, Functions: map[string]bool{"boa": true, "hh": true}, FirstMonths: 6}
	in := DueInput{Day: today, SoonDays: 30, Requirements: []DueRequirement{signals},
		People: []DuePerson{{ID: "p", Kind: KindStaff, Start: day("2010-01-01")}},
		Assignments: []DueAssignment{
			{PersonID: "p", FunctionID: "admin", Start: day("2010-01-01"), End: day("2026-08-31")},
			{PersonID: "p", FunctionID: "boa", Start: day("2026-09-01")},
		}}
	it := only(t, ComputeDue(in), "p", "sig")
	if it.Status != StatusPending || !it.Date.Equal(day("2027-03-01")) {
		t.Fatalf("became boa on 2026-09-01 after 16 years of other work: %+v, want due 2027-03-01 (not overdue)", it)
	}
	// Moving on from boa to handhaver (both chosen) keeps the first spell.
	in.Assignments = append(in.Assignments[:1:1],
		DueAssignment{PersonID: "p", FunctionID: "boa", Start: day("2026-03-01"), End: day("2026-06-30")},
		DueAssignment{PersonID: "p", FunctionID: "hh", Start: day("2026-07-01")})
	if it := only(t, ComputeDue(in), "p", "sig"); it.Status != StatusOverdue || !it.Date.Equal(day("2026-09-01")) {
		t.Fatalf("boa from March, handhaver from July: %+v, want overdue since 2026-09-01", it)
	}
	// Without a chosen function now, it does not apply.
	in.Assignments = []DueAssignment{{PersonID: "p", FunctionID: "boa", Start: day("2020-01-01"), End: day("2025-12-31")}}
	if it := only(t, ComputeDue(in), "p", "sig"); it.Applicable() {
		t.Fatalf("no longer boa: %+v, want not applicable", it)
	}
}

func TestAudiencesFollowAttributes(t *testing.T) {
	today := day("2026-11-23")
	reqs := []DueRequirement{
		{ID: "all", Audience: AudienceAll, FirstMonths: 3},
		aggression,
		{ID: "ind", Audience: AudienceCouncil, FirstMonths: 3},
	}
	people := []DuePerson{
		{ID: "desk", Kind: KindStaff, Start: day("2026-10-01")},
		{ID: "alderman", Kind: KindCollege, Start: day("2026-10-01"), ClientContact: true},
	}
	items := ComputeDue(DueInput{Day: today, Requirements: reqs, People: people})
	want := map[DueKey]bool{{"desk", "all"}: true, {"desk", "agr"}: false, {"desk", "ind"}: false,
		{"alderman", "all"}: false, {"alderman", "agr"}: false, {"alderman", "ind"}: true}
	for k, w := range want {
		if got := only(t, items, k.PersonID, k.RequirementID).Applicable(); got != w {
			t.Errorf("%s/%s applicable = %v, want %v", k.PersonID, k.RequirementID, got, w)
		}
	}
	items = ComputeDue(DueInput{Day: today, Requirements: reqs, People: people, IncludeCouncil: true})
	if !only(t, items, "alderman", "all").Applicable() || !only(t, items, "alderman", "agr").Applicable() {
		t.Error("with the council included, a wethouder with client contact falls under the staff requirements")
	}
}

func TestAddMonthsKeepsTheMonth(t *testing.T) {
	if got := AddMonths(day("2025-01-31"), 1); !got.Equal(day("2025-02-28")) {
		t.Fatalf("31 January + 1 month = %s", got.Format(time.DateOnly))
	}
	if got := AddMonths(day("2024-02-29"), 36); !got.Equal(day("2027-02-28")) {
		t.Fatalf("29 February 2024 + 36 months = %s", got.Format(time.DateOnly))
	}
}
