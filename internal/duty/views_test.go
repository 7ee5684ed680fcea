package duty_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// viewsOrg has findings in two teams and for three people:
//   - step "kas" (team-of-kas) has one holder, a: eenpitter, mitigated;
//   - a has held "kas" since 2015: langzitter (team-a);
//   - b holds Bibob research and granting: dubbelzitter (team-b), high;
//   - "verlenen" lacks its required four-eyes (team-of-verlenen).
func viewsOrg(t *testing.T) *org {
	o := newOrg(t).
		step("kas", []string{"kassier"}).
		step("onderzoek", []string{"bibob"}, code(duty.CodeBibobResearch), minHolders(0)).
		step("verlenen", []string{"vergunning"}, code(duty.CodeGrantLicence), minHolders(0), rotation(0),
			func(s *duty.Step) { s.FourEyes = true })
	o.in.Rules = duty.DefaultRules(i18n.NL)
	o.emp("a", "2010-01-01", "").emp("b", "2020-01-01", "").emp("c", "2020-01-01", "")
	o.assign("a", "kassier", "2015-01-01", "")
	o.assign("b", "bibob", "2024-01-01", "").assign("b", "vergunning", "2024-01-01", "")
	o.assign("c", "bibob", "2024-01-01", "")
	o.in.Mitigations = []duty.Mitigation{mitigation(t, duty.KeySoleHolder("kas"), "2026-12-31")}
	return o
}

func TestViews(t *testing.T) {
	r := viewsOrg(t).analyse(today)
	wantKeys(t, "organisation", r.Findings,
		duty.KeySoleHolder("kas"), duty.KeyConflict("bibob_vergunning", "b"), duty.KeyLongHolder("kas", "a"), duty.KeyMissingFourEyes("verlenen"))

	if c := r.Counts(); c != (duty.Counts{Total: 4, Mitigated: 1, Open: 3}) {
		t.Errorf("organisation counts %+v", c)
	}
	byKind := r.ByKind()
	if len(byKind) != 4 || byKind[0].Kind != duty.SoleHolder || byKind[0].Mitigated != 1 || byKind[1].Open != 1 || byKind[3].Total != 1 {
		t.Errorf("by kind %+v", byKind)
	}
	wantKeys(t, "open", r.Open(), duty.KeyConflict("bibob_vergunning", "b"), duty.KeyLongHolder("kas", "a"), duty.KeyMissingFourEyes("verlenen"))
	wantKeys(t, "mitigated", r.MitigatedFindings(), duty.KeySoleHolder("kas"))

	teams := r.ByTeam()
	var teamIDs []string
	for _, g := range teams {
		teamIDs = append(teamIDs, g.ID)
	}
	if !reflect.DeepEqual(teamIDs, []string{"team-a", "team-b", "team-of-kas", "team-of-verlenen"}) {
		t.Errorf("teams %v", teamIDs)
	}
	if g := r.Team("team-of-kas"); len(g.Findings) != 1 || g.Mitigated != 1 || g.Open != 0 {
		t.Errorf("team of kas %+v", g)
	}
	if g := r.Team("team-c"); len(g.Findings) != 0 || g.ID != "team-c" {
		t.Errorf("team without findings %+v", g)
	}

	// a is the langzitter and the sole holder of kas; the open finding
	// comes first.
	wantKeys(t, "person a", r.Person("a").Findings, duty.KeyLongHolder("kas", "a"), duty.KeySoleHolder("kas"))
	wantKeys(t, "person b", r.Person("b").Findings, duty.KeyConflict("bibob_vergunning", "b"))
	wantKeys(t, "person c", r.Person("c").Findings)
	people := r.ByPerson()
	if len(people) != 2 || people[0].ID != "a" || people[0].Total != 2 || people[1].ID != "b" {
		t.Errorf("by person %+v", people)
	}
}

// Shuffling every input table changes nothing in the result.
func TestDeterministicOrder(t *testing.T) {
	o := viewsOrg(t)
	o.emp("d", "2020-01-01", "").assign("d", "kassier", "2026-01-01", "2026-06-14")
	want := o.analyse(today)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		in := o.in
		in.Employees = shuffled(rng, in.Employees)
		in.Steps = shuffled(rng, in.Steps)
		in.StepFunctions = shuffled(rng, in.StepFunctions)
		in.Assignments = shuffled(rng, in.Assignments)
		in.Rules = shuffled(rng, in.Rules)
		if got := duty.Analyse(in, day(t, today)); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled input gave\n%+v\nwant\n%+v", got.Findings, want.Findings)
		}
	}
}

func shuffled[T any](rng *rand.Rand, s []T) []T {
	out := append([]T(nil), s...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestDescribe(t *testing.T) {
	r := viewsOrg(t).analyse(today)
	want := []string{
		"Actieve houders: 1, minimaal nodig: 2.",
		"Bibob-onderzoek en vergunning verlenen. Wie het Bibob-onderzoek doet, beslist niet ook over de vergunning: de toets moet los staan van wie de aanvrager kent of onder druk staat.",
		"Onafgebroken in deze stap sinds 01-01-2015; de roulatienorm is 60 maanden.",
		"Voor deze stap is vier-ogen vereist, maar die controle is niet ingericht.",
	}
	for i, f := range r.Findings {
		if got := f.Describe(i18n.NL); got != want[i] {
			t.Errorf("%s: %q, want %q", f.Key, got, want[i])
		}
	}
	labels := []string{}
	for _, k := range duty.Kinds {
		labels = append(labels, k.Label(i18n.NL))
	}
	if !reflect.DeepEqual(labels, []string{"Eenpitter", "Dubbelzitter", "Langzitter", "Vier-ogen ontbreekt"}) {
		t.Errorf("kind labels %v", labels)
	}
	if duty.High.Label(i18n.NL) != "Hoog" || duty.Cash.Label(i18n.NL) != "Geld of kas" || duty.Conflict.Label(i18n.EN) != "Conflicting holder" {
		t.Error("risk, step kind or English labels wrong")
	}
	none := duty.Finding{Kind: duty.SoleHolder, MinHolders: 2}
	if got := none.Describe(i18n.NL); got != "Niemand voert deze stap uit; er zijn minimaal 2 houders nodig." {
		t.Errorf("no holders: %q", got)
	}
}
