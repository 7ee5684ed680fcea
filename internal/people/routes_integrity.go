package people

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// integrityRoutes are screening, the integrity registers (oath, side
// jobs, gifts), the directory of vertrouwenspersonen, the checklist of
// candidate wethouders and the settings of the people registers.
func (s *Store) integrityRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /mensen/screening", Perm: auth.PeopleRead, Handle: s.screeningPage},
		{Pattern: "POST /mensen/screening", Perm: auth.PeopleManage, Handle: s.screeningPost},
		{Pattern: "GET /mensen/screening/medewerkers/{employeeID}", Perm: auth.PeopleManage, Handle: s.screeningHistoryPage},
		{Pattern: "GET /mensen/screening/functies", Perm: auth.PeopleManage, Handle: s.functionsPage},
		{Pattern: "POST /mensen/screening/functies", Perm: auth.PeopleManage, Handle: s.functionsPost},
		{Pattern: "POST /mensen/screening/functies/standaard", Perm: auth.PeopleManage, Handle: s.functionsDefaultsPost},
		{Pattern: "GET /mensen/ambtseed", Perm: auth.PeopleRead, Handle: s.oathPage},
		{Pattern: "POST /mensen/ambtseed", Perm: auth.PeopleManage, Handle: s.oathPost},
		{Pattern: "GET /mensen/nevenfuncties", Perm: auth.PeopleRead, Handle: s.sideJobsPage},
		{Pattern: "POST /mensen/nevenfuncties", Perm: auth.PeopleManage, Handle: s.sideJobsPost},
		{Pattern: "GET /mensen/nevenfuncties/publicatie", Perm: auth.PeopleDirectory, Handle: s.publicationPage},
		{Pattern: "GET /mensen/nevenfuncties/{sideJobID}", Perm: auth.SignedIn, Handle: s.sideJobPage},
		{Pattern: "POST /mensen/nevenfuncties/{sideJobID}/beoordeling", Perm: auth.PeopleManage, Handle: s.sideJobReviewPost},
		{Pattern: "POST /mensen/nevenfuncties/{sideJobID}/toegang", Perm: auth.PeopleManage, Handle: s.sideJobGrantPost},
		{Pattern: "POST /mensen/nevenfuncties/{sideJobID}/toegang/intrekken", Perm: auth.PeopleManage, Handle: s.sideJobRevokePost},
		{Pattern: "GET /mensen/geschenken", Perm: auth.PeopleRead, Handle: s.giftsPage},
		{Pattern: "POST /mensen/geschenken", Perm: auth.PeopleManage, Handle: s.giftsPost},
		{Pattern: "GET /mensen/geschenken/{giftID}", Perm: auth.SignedIn, Handle: s.giftPage},
		{Pattern: "POST /mensen/geschenken/{giftID}/besluit", Perm: auth.PeopleManage, Handle: s.giftDecidePost},
		{Pattern: "POST /mensen/geschenken/{giftID}/toegang", Perm: auth.PeopleManage, Handle: s.giftGrantPost},
		{Pattern: "POST /mensen/geschenken/{giftID}/toegang/intrekken", Perm: auth.PeopleManage, Handle: s.giftRevokePost},
		{Pattern: "GET /mensen/integriteit/export", Perm: auth.PeopleRead, Handle: s.integrityExport},
		{Pattern: "GET /mensen/vertrouwenspersonen", Perm: auth.PeopleDirectory, Handle: s.confidantsPage},
		{Pattern: "POST /mensen/vertrouwenspersonen", Perm: auth.PeopleManage, Handle: s.confidantsPost},
		{Pattern: "POST /mensen/vertrouwenspersonen/verwijderen", Perm: auth.PeopleManage, Handle: s.confidantRemovePost},
		{Pattern: "GET /mensen/kandidaten", Perm: auth.PeopleCandidates, Handle: s.candidatesPage},
		{Pattern: "POST /mensen/kandidaten", Perm: auth.PeopleCandidates, Handle: s.candidatesPost},
		{Pattern: "GET /mensen/kandidaten/{candidateID}", Perm: auth.PeopleCandidates, Handle: s.candidatePage},
		{Pattern: "POST /mensen/kandidaten/{candidateID}", Perm: auth.PeopleCandidates, Handle: s.candidatePost},
		{Pattern: "GET /instellingen/mensen", Perm: auth.PeopleManage, Handle: s.settingsPage},
		{Pattern: "POST /instellingen/mensen", Perm: auth.PeopleManage, Handle: s.settingsPost},

		{Pattern: "GET /api/v1/screeningen", Perm: auth.PeopleRead, Handle: s.apiScreenings,
			Summary: "Wie vandaag een functie met VOG of VOG-P vervult, met de laatste screening en of (her)screening nodig is (teamleiders: eigen teams)"},
		{Pattern: "POST /api/v1/screeningen", Perm: auth.PeopleManage, Handle: s.apiAddScreening,
			Summary: "Een screening (VOG of VOG-P) van een medewerker vastleggen"},
		{Pattern: "GET /api/v1/ambtseden", Perm: auth.PeopleRead, Handle: s.apiOaths,
			Summary: "Het register van de ambtseed of -belofte: wie in dienst is en of en wanneer de eed of belofte is afgelegd (teamleiders: eigen teams)"},
		{Pattern: "POST /api/v1/ambtseden", Perm: auth.PeopleManage, Handle: s.apiAddOath,
			Summary: "Vastleggen dat een medewerker de ambtseed of -belofte heeft afgelegd"},
		{Pattern: "GET /api/v1/nevenfuncties", Perm: auth.PeopleRead, Handle: s.apiSideJobs,
			Summary: "De nevenfuncties die u mag zien, zonder de versleutelde omschrijving"},
		{Pattern: "POST /api/v1/nevenfuncties", Perm: auth.PeopleManage, Handle: s.apiAddSideJob,
			Summary: "Een nevenfunctie registreren met de beoordeling op belangenverstrengeling; de omschrijving wordt versleuteld opgeslagen"},
		{Pattern: "GET /api/v1/nevenfuncties/{sideJobID}", Perm: auth.SignedIn, Handle: s.apiSideJob,
			Summary: "Eén nevenfunctie met omschrijving en motivering, voor HR en wie op de need-to-knowlijst staat; het inzien wordt gelogd"},
		{Pattern: "GET /api/v1/geschenken", Perm: auth.PeopleRead, Handle: s.apiGifts,
			Summary: "De geschenken die u mag zien, met waarde, drempel van de organisatie en besluit, zonder de versleutelde omschrijving"},
		{Pattern: "POST /api/v1/geschenken", Perm: auth.PeopleManage, Handle: s.apiAddGift,
			Summary: "Een geschenk of uitnodiging registreren, met het besluit (houden, teruggeven, weigeren, schenken)"},
		{Pattern: "GET /api/v1/geschenken/{giftID}", Perm: auth.SignedIn, Handle: s.apiGift,
			Summary: "Eén geschenk met omschrijving, voor HR en wie op de need-to-knowlijst staat; het inzien wordt gelogd"},
		{Pattern: "GET /api/v1/vertrouwenspersonen", Perm: auth.PeopleDirectory, Handle: s.apiConfidants,
			Summary: "De interne en externe vertrouwenspersonen met hun contactgegevens"},
		{Pattern: "GET /api/v1/kandidaat-wethouders", Perm: auth.PeopleCandidates, Handle: s.apiCandidates,
			Summary: "De screening van kandidaat-wethouders als checklist, zonder aantekeningen (burgemeester en griffier)"},

		// --- API for the write operations that were only web pages (issue 6); handlers in people_api_more.go ---
		{Pattern: "POST /api/v1/nevenfuncties/{sideJobID}/beoordeling", Perm: auth.PeopleManage, Handle: s.apiSideJobReview,
			Summary: "De beoordeling op belangenverstrengeling van een nevenfunctie vastleggen, met de motivering (versleuteld) en de keuze voor publicatie"},
		{Pattern: "POST /api/v1/geschenken/{giftID}/besluit", Perm: auth.PeopleManage, Handle: s.apiGiftDecision,
			Summary: "Het besluit over een geschenk vastleggen (houden, teruggeven, weigeren, schenken), op naam van wie het besluit"},
		{Pattern: "GET /api/v1/instellingen/mensen", Perm: auth.PeopleManage, Handle: s.apiSettings,
			Summary: "De instellingen van de personeelsregisters: termijn van herscreening, drempel voor geschenken, college en raad meenemen"},
		{Pattern: "PUT /api/v1/instellingen/mensen", Perm: auth.PeopleManage, Handle: s.apiSaveSettings,
			Summary: "De instellingen van de personeelsregisters vervangen (alle velden verplicht)"},
		{Pattern: "POST /api/v1/vertrouwenspersonen", Perm: auth.PeopleManage, Handle: s.apiAddConfidant,
			Summary: "Een interne of externe vertrouwenspersoon aan het overzicht toevoegen"},
		{Pattern: "DELETE /api/v1/vertrouwenspersonen/{confidantID}", Perm: auth.PeopleManage, Handle: s.apiRemoveConfidant,
			Summary: "Een vertrouwenspersoon uit het overzicht halen"},
		{Pattern: "POST /api/v1/kandidaat-wethouders", Perm: auth.PeopleCandidates, Handle: s.apiSaveCandidate,
			Summary: "Een checklist van een kandidaat-wethouder aanmaken, of met \"id\" bijwerken; aantekeningen worden versleuteld (burgemeester en griffier)"},
		{Pattern: "GET /api/v1/kandidaat-wethouders/{candidateID}", Perm: auth.PeopleCandidates, Handle: s.apiCandidate,
			Summary: "Eén checklist van een kandidaat-wethouder met aantekeningen; het inzien wordt gelogd (burgemeester en griffier)"},
		{Pattern: "GET /api/v1/functies/vog", Perm: auth.PeopleManage, Handle: s.apiFunctionLevels,
			Summary: "De functies van de organisatie met het vereiste screeningsniveau (geen, VOG of VOG-P) en het voorgestelde niveau"},
		{Pattern: "PUT /api/v1/functies/{functionID}/vog", Perm: auth.PeopleManage, Handle: s.apiSetFunctionLevel,
			Summary: "Het vereiste screeningsniveau van een functie zetten: \"\", \"vog\" of \"vog_p\""},
		{Pattern: "POST /api/v1/trainingsdeelnames/import", Perm: auth.PeopleManage, Handle: s.apiImportAttendance, MaxBody: importMaxBody,
			Summary: "Deelnames importeren uit een CSV- (text/csv) of XLSX-bestand als body; ?proef=true (standaard) controleert alleen, ?proef=false legt vast. Fouten per rij in \"fouten\""},
		// --- end of the issue-6 API block ---
	}
}

// integrityFlash is shown after every successful change in this part.
const integrityFlash = "flash.integrity_saved"

// viewFunc builds a page with a form (web.FormView).
type viewFunc = web.FormView

// show renders a page without a submission.
func show(view viewFunc) web.Handler { return web.Show(view) }

// submit runs do on a posted form (web.Submit); on success the browser
// goes to `to` with this part's flash.
func submit(w http.ResponseWriter, r *http.Request, view viewFunc, to string, do func(f url.Values) error) error {
	return web.Submit(w, r, view, func() string { return to }, integrityFlash, do)
}

// personOptions are the people HR can pick in a register form.
func (s *Store) personOptions(r *http.Request) ([]Person, error) {
	sc := web.ScopeOf(r)
	if !sc.Can(auth.PeopleManage) {
		return nil, nil
	}
	st, err := s.settings(r.Context(), s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	return s.registerPeople(r.Context(), sc, TeamScope{All: true}, st, s.todayISO())
}
