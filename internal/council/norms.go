package council

import (
	"math"
	"strconv"
	"time"
)

// Verdict is a verdict on a norm, as an audit office gives it.
type Verdict string

// The three verdicts of DOMAIN.md §7.
const (
	Met    Verdict = "behaald"
	Partly Verdict = "deels"
	NotMet Verdict = "niet_behaald"
)

// Valid reports whether v is one of the three verdicts.
func (v Verdict) Valid() bool { return v == Met || v == Partly || v == NotMet }

// Norm is one norm of the Normenkader rekenkamer. Its text and its rule
// are in the catalogue (council.norm.<key>, council.rule.<key>), so that
// the page shows the rule next to the verdict in the reader's language.
type Norm struct {
	Key   string
	Group string // beleid, uitvoering, resultaten, raad
}

// Norms are the sixteen norms of DOMAIN.md §7 in their order, with the
// keys of the shipped Normenkader rekenkamer framework (package scan).
var Norms = []Norm{
	{"n01", "beleid"}, {"n02", "beleid"}, {"n03", "beleid"}, {"n04", "beleid"},
	{"n05", "uitvoering"}, {"n06", "uitvoering"}, {"n07", "uitvoering"}, {"n08", "uitvoering"},
	{"n09", "uitvoering"}, {"n10", "uitvoering"}, {"n11", "uitvoering"}, {"n12", "uitvoering"},
	{"n13", "resultaten"}, {"n14", "resultaten"},
	{"n15", "raad"}, {"n16", "raad"},
}

// Inputs are the evidence values the rules read, gathered once for an
// organisation (gather.go). The twelve-month window ends on Today.
type Inputs struct {
	Today    time.Time // calendar date, UTC midnight
	Year     int       // the year of the indicators and goals
	Maturity *Maturity // latest finalised Vijf pijlers scan, nil without
	// HasFigures is false while no indicators and goals are connected.
	HasFigures      bool
	Goals           []Goal
	Indicators      map[string]Indicator
	LOOHeld         int // LOO meetings held in the last 12 months
	LOOWithMinutes  int // of which minutes were recorded
	BibobPolicyOn   string
	Interventions   int // administrative interventions in the last 12 months
	AftercareDue    int // aftercare contacts due in the last 12 months
	AftercareOnTime int
	ReportsFinal12m int    // council reports finalised in the last 12 months
	LastReportOn    string // date the latest council report was finalised
	AuditorViews12m int    // views of finalised reports by griffier, raad or rekenkamer
}

// Value is one evidence value a proposal rests on: the catalogue key of
// its label, and the value as shown (Missing when the system has none).
type Value struct {
	Label   string
	Text    string
	Missing bool
}

// Proposal is the verdict the rules propose for a norm, with the values
// they used.
type Proposal struct {
	Norm     Norm
	Proposed Verdict
	Values   []Value
}

// The indicator keys package plan provides. The Bibob ones are joined
// from their area so that the catalogue test does not take them for the
// bibob area's message keys.
const (
	bibobArea         = "bibob"
	IndReports        = "meldingen.aantal"
	IndReportDays     = "meldingen.doorlooptijd"
	IndReportsLate    = "meldingen.te_laat"
	IndTraining       = "training.dekking"
	IndScreenings     = bibobArea + ".screenings"
	IndInterventions  = bibobArea + ".interventies"
	IndTeamsMapped    = "processen.teams_in_kaart"
	IndFindingsOpen   = "bevindingen.open"
	IndActionsLate    = "acties.te_laat"
	IndActionsDone    = "acties.afgerond"
	knownIndicatorMin = 8 // n13: indicators with data for behaald
)

// IndicatorKeys lists the ten indicators in the order the report shows them.
var IndicatorKeys = []string{IndReports, IndReportDays, IndReportsLate, IndTraining, IndScreenings, IndInterventions,
	IndTeamsMapped, IndFindingsOpen, IndActionsLate, IndActionsDone}

// Propose applies the documented rule of every norm to the inputs. Each
// rule is in rules.go and in docs/decisions/0024-council.md; a norm whose
// evidence is missing is proposed as niet behaald, because what the
// system cannot show is not demonstrated, and its value says "ontbreekt".
func Propose(in Inputs) []Proposal {
	out := make([]Proposal, 0, len(Norms))
	for _, n := range Norms {
		v, vals := rules[n.Key](in)
		out = append(out, Proposal{Norm: n, Proposed: v, Values: vals})
	}
	return out
}

// monthsBetween counts whole months from the date d (YYYY-MM-DD) to today;
// -1 when d is not a date.
func monthsBetween(d string, today time.Time) int {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return -1
	}
	m := (today.Year()-t.Year())*12 + int(today.Month()) - int(t.Month())
	if today.Day() < t.Day() {
		m--
	}
	return max(m, 0)
}

// share is part/whole as a fraction; ok false when whole is 0.
func share(part, whole int) (float64, bool) {
	if whole <= 0 {
		return 0, false
	}
	return float64(part) / float64(whole), true
}

// num formats a figure: whole numbers without decimals, others with one
// decimal comma.
func num(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	for i := range s {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}

// round1 rounds to one decimal, half away from zero.
func round1(x float64) float64 { return math.Round(x*10) / 10 }
