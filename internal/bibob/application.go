package bibob

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Application is an application (a beschikking, transaction or contract)
// the Bibob policy may apply to. Amount is in euro cents.
type Application struct {
	ID          string
	CaseNumber  string
	Type        string
	Applicant   string
	KvK         string
	Parties     []Party
	Address     string
	Plot        string
	Amount      int64
	ReceivedOn  string
	DecisionDue string // the decision term as the case system gives it; '' = received + 8 weeks
	Source      string
	ScreeningID string // '' when no screening was started

	// Computed against the policy.
	UnderPolicy bool
	NotWhy      string // "type" or "amount" when not under the policy
	RiskArea    bool

	applicantKey, addressKey string
	partyKeys                []string
}

// Party is a related party of an application: a name and, where known,
// its KvK number.
type Party struct {
	Name string
	KvK  string
}

// String writes the party as the import and the form take it.
func (p Party) String() string {
	if p.KvK != "" {
		return p.Name + " (" + p.KvK + ")"
	}
	return p.Name
}

var partyRE = regexp.MustCompile(`(?i)^(.*?)\s*\(\s*(?:kvk[\s:.-]*)?([0-9 ]+)\s*\)\s*$`)

// parseParties reads related parties written as "Naam (KvK); Naam".
func parseParties(raw string) ([]Party, *apperr.Error) {
	var out []Party
	for _, item := range splitList(strings.ReplaceAll(raw, "\n", ";"), ";") {
		p := Party{Name: item}
		if m := partyRE.FindStringSubmatch(item); m != nil {
			p.Name, p.KvK = strings.TrimSpace(m[1]), strings.ReplaceAll(m[2], " ", "")
			if !validKvK(p.KvK) {
				return nil, apperr.FieldErr("parties", "bibob.err.party_kvk", item)
			}
		}
		if p.Name == "" || len(p.Name) > 200 {
			return nil, apperr.FieldErr("parties", "bibob.err.party_name", item)
		}
		out = append(out, p)
	}
	if len(out) > 50 {
		return nil, apperr.FieldErr("parties", "bibob.err.party_many")
	}
	return out, nil
}

func validKvK(s string) bool {
	if len(s) != 8 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// legalForms are left out of a normalised name, so that "Bouw B.V." and
// "bouw bv" are one party.
var legalForms = map[string]bool{"bv": true, "nv": true, "vof": true, "cv": true, "stichting": true, "vereniging": true, "eenmanszaak": true}

// normName is the comparable form of a name: lower case letters and digits,
// single spaces, legal forms left out.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(foldAccent(r))
		case r == '.':
			// "b.v." → "bv"
		default:
			b.WriteByte(' ')
		}
	}
	f := strings.Fields(b.String())
	out := f[:0]
	for _, w := range f {
		if !legalForms[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func foldAccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	}
	return r
}

// partyKey is the key the splitting detection joins parties on: the KvK
// number where known, the normalised name otherwise.
func partyKey(name, kvk string) string {
	if kvk != "" {
		return "kvk:" + kvk
	}
	return "naam:" + strings.ReplaceAll(normName(name), " ", "_")
}

var postcodeRE = regexp.MustCompile(`\b([0-9]{4}) ([a-z]{2})\b`)

var streetAbbr = strings.NewReplacer(" str ", " straat ", " ln ", " laan ", " pln ", " plein ", " wg ", " weg ")

// normAddress is the comparable form of an address or plot: lower case,
// punctuation as spaces, postcodes without their space ("1234 ab" →
// "1234ab"), common street abbreviations written out.
func normAddress(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(foldAccent(r))
		} else {
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		if len(w) > 3 && strings.HasSuffix(w, "str") {
			words[i] = w + "aat" // "dorpsstr" → "dorpsstraat"
		}
	}
	out := " " + strings.Join(words, " ") + " "
	out = streetAbbr.Replace(out)
	out = postcodeRE.ReplaceAllString(out, "$1$2")
	return strings.TrimSpace(out)
}

// addressKey is the key of the location: the cadastral plot where given,
// the address otherwise.
func addressKey(address, plot string) string {
	if p := normAddress(plot); p != "" {
		return "perceel:" + strings.ReplaceAll(p, " ", "")
	}
	return "adres:" + normAddress(address)
}

// ApplicationInput registers an application; amounts in euros as written.
type ApplicationInput struct {
	CaseNumber  string
	Type        string
	Applicant   string
	KvK         string
	Parties     string
	Address     string
	Plot        string
	Amount      string
	ReceivedOn  string
	DecisionDue string
}

// checkApplication validates an input and returns the row to write; the
// fields of the errors are the form's.
func (s *Store) checkApplication(in ApplicationInput) (Application, apperr.List) {
	var errs apperr.List
	add := func(e *apperr.Error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	a := Application{CaseNumber: strings.TrimSpace(in.CaseNumber), Type: strings.TrimSpace(in.Type), Applicant: strings.TrimSpace(in.Applicant),
		KvK: strings.ReplaceAll(strings.TrimSpace(in.KvK), " ", ""), Address: strings.TrimSpace(in.Address), Plot: strings.TrimSpace(in.Plot)}
	if a.CaseNumber == "" {
		add(apperr.FieldErr("case_number", "field.required"))
	} else if len(a.CaseNumber) > 60 {
		add(apperr.FieldErr("case_number", "bibob.err.too_long", 60))
	}
	if t, ok := typeOf(a.Type); ok {
		a.Type = t
	} else if a.Type == "" {
		add(apperr.FieldErr("app_type", "field.required"))
	} else {
		add(apperr.FieldErr("app_type", "bibob.err.type", a.Type))
	}
	if a.Applicant == "" {
		add(apperr.FieldErr("applicant", "field.required"))
	} else if len(a.Applicant) > 200 {
		add(apperr.FieldErr("applicant", "bibob.err.too_long", 200))
	}
	if a.KvK != "" && !validKvK(a.KvK) {
		add(apperr.FieldErr("kvk", "bibob.err.kvk"))
	}
	var pe *apperr.Error
	a.Parties, pe = parseParties(in.Parties)
	add(pe)
	if a.Address == "" && a.Plot == "" {
		add(apperr.FieldErr("address", "bibob.err.address_or_plot"))
	} else if len(a.Address) > 300 || len(a.Plot) > 100 {
		add(apperr.FieldErr("address", "bibob.err.too_long", 300))
	}
	if strings.TrimSpace(in.Amount) == "" {
		a.Amount = 0
	} else if n, ok := parseEuros(in.Amount); ok {
		a.Amount = n
	} else {
		add(apperr.FieldErr("amount", "bibob.err.amount"))
	}
	var e *apperr.Error
	a.ReceivedOn, e = isoDate("received_on", in.ReceivedOn, true)
	add(e)
	if e == nil && a.ReceivedOn > s.dayNow() {
		add(apperr.FieldErr("received_on", "bibob.err.date_future"))
	}
	a.DecisionDue, e = isoDate("decision_due", in.DecisionDue, false)
	add(e)
	if len(errs) > 0 {
		return a, errs
	}
	a.applicantKey = partyKey(a.Applicant, a.KvK)
	for _, p := range a.Parties {
		if k := partyKey(p.Name, p.KvK); k != a.applicantKey && !slices.Contains(a.partyKeys, k) {
			a.partyKeys = append(a.partyKeys, k)
		}
	}
	a.addressKey = addressKey(a.Address, a.Plot)
	return a, nil
}

// typeLabels map the ways a case system writes a type onto its code.
var typeLabels = map[string]string{
	"exploitatievergunning": "exploitatievergunning", "exploitatie": "exploitatievergunning",
	"drank_horecavergunning": "drank_horecavergunning", "drank- en horecavergunning": "drank_horecavergunning", "alcoholwetvergunning": "drank_horecavergunning", "horeca": "drank_horecavergunning", "drank en horecavergunning": "drank_horecavergunning",
	"speelautomatenvergunning": "speelautomatenvergunning", "speelautomaten": "speelautomatenvergunning",
	"evenementenvergunning": "evenementenvergunning", "evenement": "evenementenvergunning",
	"omgevingsvergunning": "omgevingsvergunning", "bouw": "omgevingsvergunning", "omgevingsvergunning bouwen": "omgevingsvergunning",
	"subsidie": "subsidie", "vastgoedtransactie": "vastgoedtransactie", "vastgoed": "vastgoedtransactie",
	"overheidsopdracht": "overheidsopdracht", "aanbesteding": "overheidsopdracht",
}

func typeOf(raw string) (string, bool) {
	t, ok := typeLabels[strings.ToLower(strings.TrimSpace(raw))]
	return t, ok
}

// AddApplication registers an application by hand (bibob.screen).
func (s *Store) AddApplication(ctx context.Context, sc *auth.Scope, in ApplicationInput) (string, error) {
	if !sc.Allows(auth.BibobScreen) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden")
	}
	a, errs := s.checkApplication(in)
	if len(errs) > 0 {
		return "", errs
	}
	var id string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bibob_applications WHERE org_id = $1 AND case_number = $2`, sc.OrgID, a.CaseNumber).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			return apperr.List{apperr.FieldErr("case_number", "bibob.err.case_exists", a.CaseNumber)}
		}
		var err error
		id, _, err = s.upsertApplication(ctx, tx, sc, a, "hand")
		return err
	})
	return id, err
}

// upsertApplication writes an application, or updates the one with the
// same case number; it reports whether anything changed.
func (s *Store) upsertApplication(ctx context.Context, tx *sql.Tx, sc *auth.Scope, a Application, source string) (string, bool, error) {
	parties := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		parties[i] = p.String()
	}
	partyText, keys := strings.Join(parties, "; "), strings.Join(a.partyKeys, " ")
	now := store.Millis(s.clk.Now())
	var id, oldType, oldApplicant, oldKvK, oldParties, oldAddress, oldPlot, oldReceived, oldDue string
	var oldAmount int64
	err := tx.QueryRowContext(ctx, `SELECT id, app_type, applicant, applicant_kvk, parties, address, plot, amount_cents, received_on, decision_due
		FROM bibob_applications WHERE org_id = $1 AND case_number = $2`, sc.OrgID, a.CaseNumber).
		Scan(&id, &oldType, &oldApplicant, &oldKvK, &oldParties, &oldAddress, &oldPlot, &oldAmount, &oldReceived, &oldDue)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id = store.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO bibob_applications (id, org_id, case_number, app_type, applicant, applicant_kvk, applicant_key, parties, party_keys,
			address, plot, address_key, amount_cents, received_on, decision_due, source, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
			id, sc.OrgID, a.CaseNumber, a.Type, a.Applicant, a.KvK, a.applicantKey, partyText, keys, a.Address, a.Plot, a.addressKey,
			a.Amount, a.ReceivedOn, a.DecisionDue, source, sc.UserID, now); err != nil {
			return "", false, apperr.Wrap(err, "store.tx_failed")
		}
		return id, true, s.logChange(ctx, tx, sc, area+".application.create", "bibob_application", id)
	case err != nil:
		return "", false, apperr.Wrap(err, "store.query_failed")
	}
	if oldType == a.Type && oldApplicant == a.Applicant && oldKvK == a.KvK && oldParties == partyText && oldAddress == a.Address &&
		oldPlot == a.Plot && oldAmount == a.Amount && oldReceived == a.ReceivedOn && oldDue == a.DecisionDue {
		return id, false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE bibob_applications SET app_type = $1, applicant = $2, applicant_kvk = $3, applicant_key = $4, parties = $5, party_keys = $6,
		address = $7, plot = $8, address_key = $9, amount_cents = $10, received_on = $11, decision_due = $12, updated_at = $13 WHERE org_id = $14 AND id = $15`,
		a.Type, a.Applicant, a.KvK, a.applicantKey, partyText, keys, a.Address, a.Plot, a.addressKey, a.Amount, a.ReceivedOn, a.DecisionDue, now, sc.OrgID, id); err != nil {
		return "", false, apperr.Wrap(err, "store.tx_failed")
	}
	return id, true, s.logChange(ctx, tx, sc, area+".application.update", "bibob_application", id)
}

const appCols = `a.id, a.case_number, a.app_type, a.applicant, a.applicant_kvk, a.parties, a.address, a.plot, a.amount_cents, a.received_on, a.decision_due, a.source,
	COALESCE(sc.id, ''), a.applicant_key, a.address_key, a.party_keys`

func scanApplication(r interface{ Scan(...any) error }, a *Application) error {
	var parties, keys string
	if err := r.Scan(&a.ID, &a.CaseNumber, &a.Type, &a.Applicant, &a.KvK, &parties, &a.Address, &a.Plot, &a.Amount, &a.ReceivedOn, &a.DecisionDue, &a.Source,
		&a.ScreeningID, &a.applicantKey, &a.addressKey, &keys); err != nil {
		return err
	}
	for _, p := range splitList(parties, ";") {
		if m := partyRE.FindStringSubmatch(p); m != nil {
			a.Parties = append(a.Parties, Party{Name: strings.TrimSpace(m[1]), KvK: m[2]})
		} else {
			a.Parties = append(a.Parties, Party{Name: p})
		}
	}
	a.partyKeys = strings.Fields(keys)
	return nil
}

func (a *Application) judge(p Policy) {
	a.UnderPolicy, a.NotWhy = p.Applies(a.Type, a.Address+" "+a.Plot, a.Amount)
	a.RiskArea = p.InRiskArea(a.Address + " " + a.Plot)
}

// ApplicationFilter narrows the list.
type ApplicationFilter struct {
	UnderPolicy bool   // only those under the policy
	After       string // cursor: case number to continue after
	Limit       int    // 0: all
}

// Applications returns the organisation's applications by case number,
// each judged against the policy.
func (s *Store) Applications(ctx context.Context, sc *auth.Scope, f ApplicationFilter) ([]Application, error) {
	if !sc.Allows(auth.BibobRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	pol, err := s.policy(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+appCols+` FROM bibob_applications a LEFT JOIN bibob_screenings sc ON sc.application_id = a.id
		WHERE a.org_id = $1 AND a.case_number > $2 ORDER BY a.case_number`, sc.OrgID, f.After)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		var a Application
		if err := scanApplication(rows, &a); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		a.judge(pol)
		if f.UnderPolicy && !a.UnderPolicy {
			continue
		}
		out = append(out, a)
		if f.Limit > 0 && len(out) > f.Limit {
			break
		}
	}
	return out, rows.Err()
}

// Application returns one application.
func (s *Store) Application(ctx context.Context, sc *auth.Scope, id string) (*Application, error) {
	if !sc.Allows(auth.BibobRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var a Application
	err := scanApplication(s.db.Read.QueryRowContext(ctx, `SELECT `+appCols+` FROM bibob_applications a LEFT JOIN bibob_screenings sc ON sc.application_id = a.id
		WHERE a.org_id = $1 AND a.id = $2`, sc.OrgID, id), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "bibob.err.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	pol, err := s.policy(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	a.judge(pol)
	return &a, nil
}
