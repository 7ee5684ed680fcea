package main

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/scan"
)

// demoScanLevels are Voorbeeldstad's answers on the Vijf pijlers a year
// ago and now: somewhat better in the second scan (a coordinator was
// appointed, a meldpunt opened), still weak on communicatie and the
// veilige werkomgeving — so the second scan has gaps to turn into actions.
var demoScanLevels = []struct {
	key           string
	before, after int
	evidence      string
}{
	{"bew-coordinator", 1, 3, "Sinds dit jaar een coördinator ondermijning, 16 uur per week."},
	{"bew-training", 1, 2, "Alleen Vergunningen kreeg een training over signalen."},
	{"bew-bestuur", 2, 3, "Plan van aanpak vastgesteld door het college."},
	{"inf-meldpunt", 1, 3, "Intern meldpunt geopend; meldingen worden vastgelegd."},
	{"inf-beeld", 2, 2, "Het ondermijningsbeeld is van 2022."},
	{"inf-delen", 2, 3, "Convenant RIEC getekend, privacyprotocol in concept."},
	{"bel-bibob", 3, 3, "Bibob-beleidslijn voor horeca en evenementen."},
	{"bel-instrumenten", 2, 2, "Twee sluitingen op grond van artikel 13b Opiumwet."},
	{"bel-processen", 1, 2, "Twee teams hebben hun kwetsbare processen in kaart."},
	{"wer-screening", 2, 2, "VOG bij indiensttreding; geen periodieke screening."},
	{"wer-functiescheiding", 1, 2, "Functiescheiding bij vergunningverlening deels geregeld."},
	{"wer-agressie", 2, 2, "Agressie wordt gemeld, opvolging wisselt."},
	{"com-intern", 1, 2, "Eén intranetbericht over signalen."},
	{"com-extern", 1, 1, "Geen campagne richting inwoners."},
}

// seedDemoScans gives Voorbeeldstad two finalised scans on the Vijf pijlers
// a year apart (DOMAIN.md §8, issue 7), the second somewhat better.
func seedDemoScans(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	coord, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	now := a.Clock.Now().In(clock.Amsterdam)
	for _, s := range []struct {
		title string
		on    time.Time
		after bool
	}{
		{"Weerbaarheidsscan " + now.AddDate(-1, -1, 0).Format("2006"), now.AddDate(-1, -1, 0), false},
		{"Weerbaarheidsscan " + now.AddDate(0, -1, 0).Format("2006"), now.AddDate(0, -1, 0), true},
	} {
		x, err := a.Scan.CreateScan(ctx, coord, scan.NewScan{FrameworkKey: scan.KeyPillars, Title: s.title, HeldOn: s.on.Format(time.DateOnly)})
		if err != nil {
			return err
		}
		var in []scan.AnswerInput
		for _, l := range demoScanLevels {
			level := l.before
			evidence := ""
			if s.after {
				level, evidence = l.after, l.evidence
			}
			in = append(in, scan.AnswerInput{QuestionKey: l.key, Level: level, Evidence: evidence})
		}
		if err := a.Scan.SaveAnswers(ctx, coord, x.ID, in); err != nil {
			return err
		}
		if err := a.Scan.Finalise(ctx, coord, x.ID); err != nil {
			return err
		}
	}
	return nil
}
