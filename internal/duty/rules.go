package duty

import "github.com/weerbaar/weerbaar/internal/i18n"

// Step codes used by the default conflict rules. A process register gives a
// step one of these codes to put it under the rules; organisations may add
// codes and rules of their own.
const (
	CodeBibobResearch   = "bibob_onderzoek"
	CodeGrantLicence    = "vergunning_verlenen"
	CodeTravelDocIntake = "reisdocument_inname"
	CodeTravelDocIssue  = "reisdocument_uitreiking"
	CodeCommitment      = "verplichting_aangaan"
	CodePayInvoice      = "factuur_betalen"
	CodeDraftDecision   = "beschikking_opstellen"
	CodeSignDecision    = "beschikking_tekenen"
	CodeCashCustody     = "kasbeheer"
	CodeCashAccounting  = "kasadministratie"
	CodeRegistryChange  = "brp_mutatie"
	CodeRegistryCheck   = "brp_controle"
	CodeSupervision     = "toezicht"
)

// defaultRules are the seven separations of DOMAIN.md §3 with their risk;
// the texts live in the message catalogue.
var defaultRules = [...]struct {
	id, a, b   string
	sameObject bool
	risk       Risk
	name, why  string
}{
	{"bibob_vergunning", CodeBibobResearch, CodeGrantLicence, false, High,
		"duty.rule.bibob_vergunning.name", "duty.rule.bibob_vergunning.rationale"},
	{"reisdocument_inname_uitreiking", CodeTravelDocIntake, CodeTravelDocIssue, false, High,
		"duty.rule.reisdocument_inname_uitreiking.name", "duty.rule.reisdocument_inname_uitreiking.rationale"},
	{"verplichting_betaling", CodeCommitment, CodePayInvoice, false, High,
		"duty.rule.verplichting_betaling.name", "duty.rule.verplichting_betaling.rationale"},
	{"beschikking_opstellen_tekenen", CodeDraftDecision, CodeSignDecision, false, Medium,
		"duty.rule.beschikking_opstellen_tekenen.name", "duty.rule.beschikking_opstellen_tekenen.rationale"},
	{"kasbeheer_kasadministratie", CodeCashCustody, CodeCashAccounting, false, High,
		"duty.rule.kasbeheer_kasadministratie.name", "duty.rule.kasbeheer_kasadministratie.rationale"},
	{"brp_mutatie_controle", CodeRegistryChange, CodeRegistryCheck, false, High,
		"duty.rule.brp_mutatie_controle.name", "duty.rule.brp_mutatie_controle.rationale"},
	{"toezicht_vergunning", CodeSupervision, CodeGrantLicence, true, Medium,
		"duty.rule.toezicht_vergunning.name", "duty.rule.toezicht_vergunning.rationale"},
}

// DefaultRules returns the conflict rules every organisation starts with,
// named and explained in lang. They are a starting point: an organisation
// stores them as its own rules and may change risks and texts, drop rules
// or add its own.
func DefaultRules(lang i18n.Lang) []ConflictRule {
	out := make([]ConflictRule, len(defaultRules))
	for i, r := range defaultRules {
		out[i] = ConflictRule{
			ID: r.id, CodeA: r.a, CodeB: r.b, SameObject: r.sameObject, Risk: r.risk,
			Name: i18n.T(lang, r.name), Rationale: i18n.T(lang, r.why),
		}
	}
	return out
}
