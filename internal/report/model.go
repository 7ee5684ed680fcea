package report

import "slices"

// Category is what a report is about (DOMAIN.md §4).
type Category string

// The categories of the meldpunt.
const (
	Undermining Category = "undermining" // signaal ondermijning
	Integrity   Category = "integrity"   // integriteitsmelding, incl. vermoeden van een misstand (Wbk)
	Aggression  Category = "aggression"  // agressie- of intimidatie-incident (VPT)
	Unsafety    Category = "unsafety"    // fysieke onveiligheid
)

// Categories lists the categories in the order the UI shows them.
var Categories = []Category{Undermining, Integrity, Aggression, Unsafety}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Channel is how a report came in.
type Channel string

// The intake channels of DOMAIN.md §4.
const (
	Online    Channel = "online"    // signed-in form
	Anonymous Channel = "anonymous" // anonymous form, no account, no cookie
	Phone     Channel = "phone"     // telefonisch of mondeling, recorded by staff with consent
	ViaLead   Channel = "team_lead" // via the teamleider
	ViaCustod Channel = "custodian" // via the vertrouwenspersoon
	External  Channel = "external"  // forwarded tip, e.g. Meld Misdaad Anoniem
	Resident  Channel = "resident"  // from a resident, recorded by staff
)

// Channels lists the channels in the order the UI shows them.
var Channels = []Channel{Online, Anonymous, Phone, ViaLead, ViaCustod, External, Resident}

// Valid reports whether ch is a known channel.
func (ch Channel) Valid() bool { return slices.Contains(Channels, ch) }

// Recorded reports whether staff record reports of this channel on
// someone's behalf (so the reporter's consent is asked for).
func (ch Channel) Recorded() bool {
	return ch == Phone || ch == ViaLead || ch == ViaCustod || ch == Resident
}

// Status is where a report is in its handling.
type Status string

// The status flow of DOMAIN.md §4: ontvangen → ontvangst bevestigd → in
// behandeling → (geagendeerd LOO) → besluit → afgerond.
const (
	Received      Status = "received"
	Acknowledged  Status = "acknowledged"
	InProgress    Status = "in_progress"
	Scheduled     Status = "scheduled" // on the agenda of the LOO
	DecidedLocal  Status = "decided_local"
	DecidedDrop   Status = "decided_drop"
	DecidedRIEC   Status = "decided_riec"
	DecidedPolice Status = "decided_police"
	Closed        Status = "closed"
)

// Statuses lists the statuses in flow order.
var Statuses = []Status{Received, Acknowledged, InProgress, Scheduled, DecidedLocal, DecidedDrop, DecidedRIEC, DecidedPolice, Closed}

// transitions are the only allowed status changes.
var transitions = map[Status][]Status{
	Received:      {Acknowledged},
	Acknowledged:  {InProgress},
	InProgress:    {Scheduled, DecidedLocal, DecidedDrop, DecidedRIEC, DecidedPolice},
	Scheduled:     {InProgress, DecidedLocal, DecidedDrop, DecidedRIEC, DecidedPolice},
	DecidedLocal:  {Closed},
	DecidedDrop:   {Closed},
	DecidedRIEC:   {Closed},
	DecidedPolice: {Closed},
}

// Next lists the statuses a report in status s may move to.
func (s Status) Next() []Status { return transitions[s] }

// CanMoveTo reports whether a report in status s may move to t.
func (s Status) CanMoveTo(t Status) bool { return slices.Contains(transitions[s], t) }

// Decided reports whether s is one of the four decisions.
func (s Status) Decided() bool {
	return s == DecidedLocal || s == DecidedDrop || s == DecidedRIEC || s == DecidedPolice
}

// Open reports whether the report is still being handled.
func (s Status) Open() bool { return s != Closed && !s.Decided() }

// Decision is an outcome of handling or of the LOO, as the code the
// meeting capability speaks (lokaal oppakken, afschalen, RIEC-signaal,
// aangifte).
type Decision string

// The decisions of DOMAIN.md §4.
const (
	DecideLocal  Decision = "local"
	DecideDrop   Decision = "drop"
	DecideRIEC   Decision = "riec"
	DecidePolice Decision = "police"
)

// Status returns the report status a decision leads to.
func (d Decision) Status() (Status, bool) {
	switch d {
	case DecideLocal:
		return DecidedLocal, true
	case DecideDrop:
		return DecidedDrop, true
	case DecideRIEC:
		return DecidedRIEC, true
	case DecidePolice:
		return DecidedPolice, true
	}
	return "", false
}

// ObjReport is the object type of a report on need-to-know lists and in
// the audit log.
const ObjReport = "report"
