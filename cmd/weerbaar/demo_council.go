package main

import (
	"strconv"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/scan"
)

// seedDemoCouncil gives Voorbeeldstad (issue 7, council) last year's
// council report, finalised with the figures of the earlier scan, and
// this year's as a concept with the generated summary, so that "what
// changed since last time" has something to show; the griffier opened
// last year's once; two norm verdicts are recorded (one confirmed, one
// overridden with a motivation); Voorbeeldstad takes part in the
// benchmark. It needs the two scans of seedDemoScans.
func seedDemoCouncil(env *demo.Env) error {
	ctx, a, o := env.Ctx, env.App, env.Orgs["voorbeeldstad"]
	coord, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@voorbeeldstad.example"], o.ID, true)
	if err != nil {
		return err
	}
	griffier, err := a.Auth.ScopeFor(ctx, env.UserIDs["griffier@voorbeeldstad.example"], o.ID, true)
	if err != nil {
		return err
	}
	now := a.Clock.Now().In(clock.Amsterdam)
	last, this := now.Year()-1, now.Year()

	// Last year's report carries the maturity of the earlier scan.
	scans, err := a.Scan.Scans(ctx, coord, scan.KeyPillars)
	if err != nil || len(scans) < 2 {
		return err
	}
	earlier := scans[len(scans)-1]
	snap, err := a.Council.Build(ctx, coord, last)
	if err != nil {
		return err
	}
	m := &council.Maturity{ScanTitle: earlier.Title, HeldOn: earlier.HeldOn}
	scores := earlier.Scores()
	for _, s := range scores {
		m.Pillars = append(m.Pillars, council.PillarScore{Key: s.PillarKey, Name: s.Pillar, Value: s.Value, Has: s.HasValue()})
	}
	m.Overall, m.HasOverall = scan.Overall(scores)
	snap.Maturity = m
	prev, err := a.Council.CreateReport(ctx, coord, strconv.Itoa(last), "Raadsinformatiebrief weerbaarheid "+strconv.Itoa(last),
		"Voorbeeldstad heeft in "+strconv.Itoa(last)+" voor het eerst gemeten hoe weerbaar de organisatie is tegen ondermijning. "+
			"De uitkomst is bescheiden: de gemeente staat aan het begin. Er is nu een coördinator en een meldpunt.\n\n"+
			"Het komende jaar richt zich op bewustwording bij de teams met kwetsbare processen en op een actueel Bibob-beleid.")
	if err != nil {
		return err
	}
	finalisedAt := now.AddDate(0, -10, 0)
	if err := a.Council.SeedFinal(ctx, coord, prev.ID, snap, finalisedAt); err != nil {
		return err
	}
	if prev, err = a.Council.Report(ctx, griffier, prev.ID); err != nil {
		return err
	}
	if err := a.Council.RecordView(ctx, griffier, prev); err != nil {
		return err
	}

	// Norm verdicts: one confirmed, one overridden with a motivation.
	if _, err := a.Council.Decide(ctx, coord, "n01", "", ""); err != nil {
		return err
	}
	if _, err := a.Council.Decide(ctx, coord, "n10", council.NotMet,
		"Het Bibob-beleid dateert van 2018 en omvat de tweede tranche van de Wet Bibob nog niet; de rekenkamer oordeelde in 2025 ook ‘niet behaald’."); err != nil {
		return err
	}

	// This year's report: a concept with the generated summary.
	cur, err := a.Council.CreateReport(ctx, coord, strconv.Itoa(this), "Raadsinformatiebrief weerbaarheid "+strconv.Itoa(this), "")
	if err != nil {
		return err
	}
	curSnap, err := a.Council.Figures(ctx, coord, cur)
	if err != nil {
		return err
	}
	draft := council.Draft(i18n.NL, o.Name, cur, curSnap, snap)
	if err := a.Council.SaveSummary(ctx, coord, cur.ID, cur.Title, draft); err != nil {
		return err
	}
	return a.Council.SetOptIn(ctx, coord, true)
}
