package risk

import "github.com/weerbaar/weerbaar/internal/duty"

// CatalogueProcess is a process of the starting catalogue (DOMAIN.md §2):
// researchers' eight vulnerable processes with example steps, typical
// vulnerabilities and controls. Creating a process from it fills the
// register with these as a start; the team then adjusts them. Codes equal
// the knowledge cards' process codes, so a process links to its card.
type CatalogueProcess struct {
	Code            string
	Name            string
	Steps           []CatalogueStep
	Vulnerabilities []CatalogueVulnerability
	Controls        []string
}

// CatalogueStep is an example step; Code puts it under a default conflict
// rule where one applies.
type CatalogueStep struct {
	Name     string
	Kind     duty.StepKind
	Code     string
	FourEyes bool
}

// CatalogueVulnerability is a typical vulnerability with its place on the
// three axes.
type CatalogueVulnerability struct {
	Title  string
	Origin Origin
	Intent Intent
	Factor Factor
}

// Catalogue is the shipped starting catalogue, in the order of DOMAIN.md.
var Catalogue = []CatalogueProcess{
	{Code: "financiele-transacties", Name: "Financiële transacties",
		Steps: []CatalogueStep{
			{Name: "Verplichting aangaan", Kind: duty.Decision, Code: duty.CodeCommitment, FourEyes: true},
			{Name: "Factuur betalen", Kind: duty.Cash, Code: duty.CodePayInvoice, FourEyes: true},
			{Name: "Kas en kluis beheren", Kind: duty.Cash, Code: duty.CodeCashCustody},
			{Name: "Kasadministratie bijhouden", Kind: duty.Other, Code: duty.CodeCashAccounting},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Eén persoon gaat een verplichting aan en betaalt de factuur", Internal, Intended, Human},
			{"Contant geld in de kas zonder dubbele telling", Internal, Intended, System},
		},
		Controls: []string{"Vier-ogen bij betalingen", "Functiescheiding verplichting en betaling", "Kasprotocol met dubbele telling"}},
	{Code: "aanbesteding-inkoop", Name: "Aanbesteding en inkoop",
		Steps: []CatalogueStep{
			{Name: "Behoefte vaststellen", Kind: duty.Other},
			{Name: "Offertes uitvragen", Kind: duty.Information},
			{Name: "Gunnen", Kind: duty.Decision, FourEyes: true},
			{Name: "Betalen", Kind: duty.Cash, Code: duty.CodePayInvoice},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Lokale vriendjespolitiek bij het gunnen", Internal, Intended, Human},
			{"Opdrachten opgeknipt onder de drempel", Internal, Intended, Human},
			{"Veel onbekende leveranciers zonder screening", External, Unintended, System},
		},
		Controls: []string{"Inkoopbeleid met drempels", "Gunningscommissie", "Bibob bij overheidsopdrachten"}},
	{Code: "subsidies", Name: "Subsidies",
		Steps: []CatalogueStep{
			{Name: "Aanvraag ontvangen", Kind: duty.Information},
			{Name: "Aanvraag beoordelen", Kind: duty.Decision},
			{Name: "Beschikking opstellen", Kind: duty.Other, Code: duty.CodeDraftDecision},
			{Name: "Beschikking tekenen", Kind: duty.Decision, Code: duty.CodeSignDecision, FourEyes: true},
			{Name: "Uitbetalen", Kind: duty.Cash},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Beschikking zonder tweede handtekening", Internal, Unintended, System},
			{"Subsidie aan een stichting die als dekmantel dient", External, Intended, Human},
		},
		Controls: []string{"Twee handtekeningen op elke beschikking", "Controle van naam en KvK-nummer", "Bibob-toets bij subsidies boven de drempel"}},
	{Code: "reisdocumenten", Name: "Reisdocumenten",
		Steps: []CatalogueStep{
			{Name: "Aanvraag innemen", Kind: duty.Decision, Code: duty.CodeTravelDocIntake},
			{Name: "Productie aanvragen", Kind: duty.Other},
			{Name: "Document uitreiken", Kind: duty.Decision, Code: duty.CodeTravelDocIssue},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Eén baliemedewerker doet inname en uitreiking", Internal, Intended, Human},
			{"Look-alikefraude bij de uitreiking", External, Intended, Human},
		},
		Controls: []string{"Functiescheiding inname en uitreiking", "Identiteitscontrole met gezichtsvergelijking bij uitreiking"}},
	{Code: "vergunningen-ontheffingen", Name: "Vergunningen en ontheffingen",
		Steps: []CatalogueStep{
			{Name: "Aanvraag ontvangen", Kind: duty.Information},
			{Name: "Bibob-toets", Kind: duty.Information, Code: duty.CodeBibobResearch},
			{Name: "Advies", Kind: duty.Other},
			{Name: "Besluit over de vergunning", Kind: duty.Decision, Code: duty.CodeGrantLicence, FourEyes: true},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Beslissen onder druk van de aanvrager", External, Intended, Human},
			{"\"We kennen hem\": geen toets bij bekende ondernemers", Internal, Unintended, Human},
		},
		Controls: []string{"Bibob-beleid toepassen", "Collegiale toets op het besluit", "Rolvastheid: wie toetst, besluit niet"}},
	{Code: "persoonsgegevens-informatie", Name: "Persoonsgegevens en strategische informatie",
		Steps: []CatalogueStep{
			{Name: "Toegang verlenen", Kind: duty.Decision},
			{Name: "Gegevens raadplegen", Kind: duty.Information},
			{Name: "Gegevens delen", Kind: duty.Information},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Omgekochte medewerker lekt gegevens", External, Intended, Human},
			{"Vroege kennis van plannen (grondaankopen, bestemmingen)", Internal, Intended, Human},
		},
		Controls: []string{"Need-to-know-autorisaties", "Logging van raadplegingen met steekproef", "Periodiek autorisatiebeheer"}},
	{Code: "beheer-brp", Name: "Beheer BRP",
		Steps: []CatalogueStep{
			{Name: "Inschrijving verwerken", Kind: duty.Decision, Code: duty.CodeRegistryChange},
			{Name: "Mutatie controleren", Kind: duty.Decision, Code: duty.CodeRegistryCheck},
			{Name: "Adresonderzoek", Kind: duty.Information},
			{Name: "Gegevens raadplegen", Kind: duty.Information},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Spookbewoners op een adres", External, Intended, System},
			{"Raadplegingen voor criminelen", Internal, Intended, Human},
		},
		Controls: []string{"Zes-ogen bij inschrijvingen op risicoadressen", "Logcontrole op raadplegingen"}},
	{Code: "toezicht-handhaving", Name: "Toezicht en handhaving",
		Steps: []CatalogueStep{
			{Name: "Controles plannen", Kind: duty.Other},
			{Name: "Controle uitvoeren", Kind: duty.Information, Code: duty.CodeSupervision},
			{Name: "Rapport opstellen", Kind: duty.Other},
			{Name: "Sanctie opleggen", Kind: duty.Decision, FourEyes: true},
		},
		Vulnerabilities: []CatalogueVulnerability{
			{"Wegkijken uit angst of door banden met de ondernemer", External, Intended, Human},
			{"Geen capaciteit voor toezicht in het buitengebied", Internal, Unintended, System},
		},
		Controls: []string{"Controles in koppels", "Roulatie van gebieden", "Steekproef op afgesloten controles"}},
}

// CatalogueEntry returns the catalogue process with the code.
func CatalogueEntry(code string) (CatalogueProcess, bool) {
	for _, c := range Catalogue {
		if c.Code == code {
			return c, true
		}
	}
	return CatalogueProcess{}, false
}
