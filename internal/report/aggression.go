package report

import "slices"

// Band is a behaviour band of the organisatienorm, after the national norm
// "Stop Agressie Samen": what is desired, what is acceptable, and what is
// not.
type Band string

// The three bands.
const (
	BandDesired      Band = "desired"      // gewenst
	BandAcceptable   Band = "acceptable"   // acceptabel
	BandUnacceptable Band = "unacceptable" // onacceptabel
)

// Bands lists the bands in the order the norm names them.
var Bands = []Band{BandDesired, BandAcceptable, BandUnacceptable}

// Valid reports whether b is a known band.
func (b Band) Valid() bool { return slices.Contains(Bands, b) }

// Kind is the kind of an aggression incident.
type Kind string

// The kinds of aggression.
const (
	KindVerbal         Kind = "verbal"
	KindPhysical       Kind = "physical"
	KindIntimidation   Kind = "intimidation"
	KindThreat         Kind = "threat"
	KindDiscrimination Kind = "discrimination"
	KindSexual         Kind = "sexual"
	KindProperty       Kind = "property"
	KindOther          Kind = "other"
)

// Kinds lists the kinds in the order the UI shows them.
var Kinds = []Kind{KindVerbal, KindPhysical, KindIntimidation, KindThreat, KindDiscrimination, KindSexual, KindProperty, KindOther}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }
