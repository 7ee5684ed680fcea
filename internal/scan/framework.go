package scan

import (
	"math"
	"slices"
)

// Kind says how the questions of a framework are answered.
type Kind string

// The kinds of framework. A maturity framework is answered with a level 1–5
// per question; a verdict framework (the audit office's normenkader) with a
// verdict per norm: niet behaald (1), deels (2) or behaald (3).
const (
	Maturity Kind = "volwassenheid"
	Verdict  Kind = "oordeel"
)

// MaxLevel is the highest answer of the kind: 5 steps or 3 verdicts.
func (k Kind) MaxLevel() int {
	if k == Verdict {
		return 3
	}
	return 5
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Maturity || k == Verdict }

// The verdicts of a verdict framework, as answer levels.
const (
	VerdictNotMet  = 1 // niet behaald
	VerdictPartly  = 2 // deels
	VerdictMet     = 3 // behaald
	defaultTarget  = 3 // target level of a maturity scan: step 3 of 5
	maxWeight      = 100
	maxQuestions   = 200
	maxPillars     = 30
	maxTextLength  = 1000
	maxKeyLength   = 40
	maxTitleLength = 200
)

// Framework is a scan framework: pillars (or dimensions, or groups of
// norms), each with questions and weights. It is stored as JSON, and that
// JSON is also the exchange format a province or RIEC distributes.
type Framework struct {
	Key         string   `json:"code"`
	Name        string   `json:"naam"`
	Kind        Kind     `json:"soort"`
	Description string   `json:"toelichting,omitempty"`
	Pillars     []Pillar `json:"pijlers"`
	// Shipped is true for a shipped default the organisation has not
	// changed; Own for an organisation's own version or own framework.
	Shipped bool `json:"-"`
	Own     bool `json:"-"`
}

// Pillar is one pillar, dimension or group of norms. Steps describe the
// maturity steps 1–5 (maturity frameworks only).
type Pillar struct {
	Key       string     `json:"code"`
	Name      string     `json:"naam"`
	Weight    int        `json:"gewicht"`
	Steps     []string   `json:"stappen,omitempty"`
	Questions []Question `json:"vragen"`
}

// Question is one question or norm, weighted within its pillar.
type Question struct {
	Key    string `json:"code"`
	Text   string `json:"tekst"`
	Weight int    `json:"gewicht"`
}

// Question returns the question with the key and its pillar.
func (f *Framework) Question(key string) (*Pillar, *Question) {
	for i := range f.Pillars {
		p := &f.Pillars[i]
		for j := range p.Questions {
			if p.Questions[j].Key == key {
				return p, &p.Questions[j]
			}
		}
	}
	return nil, nil
}

// QuestionCount is the number of questions of the framework.
func (f *Framework) QuestionCount() int {
	n := 0
	for _, p := range f.Pillars {
		n += len(p.Questions)
	}
	return n
}

// Score is the maturity of one pillar: the weighted mean of the levels of
// its answered questions. Value is rounded to one decimal, half away from
// zero (1.25 → 1.3); Answered says how many questions count.
type Score struct {
	PillarKey string
	Pillar    string
	Value     float64
	Answered  int
	Questions int
	Weight    int
}

// HasValue reports whether any question of the pillar was answered.
func (s Score) HasValue() bool { return s.Answered > 0 }

// round1 rounds to one decimal, half away from zero, as
// docs/decisions/0022-scans-and-surveys.md documents.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// Scores computes the maturity per pillar from levels per question key.
// A question without a level (0 or missing) does not count; a pillar
// without any answer has no value. The mean is taken over the unrounded
// levels and rounded once at the end.
func Scores(f *Framework, levels map[string]float64) []Score {
	out := make([]Score, 0, len(f.Pillars))
	for _, p := range f.Pillars {
		sc := Score{PillarKey: p.Key, Pillar: p.Name, Questions: len(p.Questions), Weight: p.Weight}
		var sum, weights float64
		for _, q := range p.Questions {
			l, ok := levels[q.Key]
			if !ok || l <= 0 || q.Weight <= 0 {
				continue
			}
			sum += float64(q.Weight) * l
			weights += float64(q.Weight)
			sc.Answered++
		}
		if weights > 0 {
			sc.Value = round1(sum / weights)
		} else {
			sc.Answered = 0
		}
		out = append(out, sc)
	}
	return out
}

// Overall is the weighted mean of the pillar scores by pillar weight, over
// the pillars that have a value, computed from the rounded pillar values
// and rounded to one decimal; ok is false when no pillar has one.
func Overall(scores []Score) (float64, bool) {
	var sum, weights float64
	for _, s := range scores {
		if !s.HasValue() || s.Weight <= 0 {
			continue
		}
		sum += float64(s.Weight) * s.Value
		weights += float64(s.Weight)
	}
	if weights == 0 {
		return 0, false
	}
	return round1(sum / weights), true
}

// Difference is the change of one pillar between an earlier and a later
// scan; Has is false when either has no value.
type Difference struct {
	PillarKey string
	Pillar    string
	Earlier   float64
	Later     float64
	Delta     float64
	Has       bool
}

// Compare returns the difference per pillar of later against earlier, in
// the pillar order of later; pillars are matched by key.
func Compare(earlier, later []Score) []Difference {
	out := make([]Difference, 0, len(later))
	for _, l := range later {
		d := Difference{PillarKey: l.PillarKey, Pillar: l.Pillar, Later: l.Value}
		i := slices.IndexFunc(earlier, func(e Score) bool { return e.PillarKey == l.PillarKey })
		if i >= 0 && earlier[i].HasValue() && l.HasValue() {
			d.Earlier, d.Has = earlier[i].Value, true
			d.Delta = round1(l.Value - earlier[i].Value)
		}
		out = append(out, d)
	}
	return out
}
