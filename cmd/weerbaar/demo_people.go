package main

import (
	"hash/fnv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/people"
)

// seedDemoPeople fills Voorbeeldstad's people registers with an imperfect
// picture (DOMAIN.md §8, issue 6): aggression refreshers overdue in Klant
// and Sociaal Domein, buitendienst and handhavers never trained on signals
// of ondermijning, screenings from 2017, most oaths taken, a few side jobs
// and gifts, and two vertrouwenspersonen. Choices per person are derived
// from the employee number, so every demo is the same.
func seedDemoPeople(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	hr, err := a.Auth.ScopeFor(ctx, env.UserIDs["hr@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	p := a.People
	reqs, err := p.Requirements(ctx, hr)
	if err != nil {
		return err
	}
	req := map[string]string{}
	for _, r := range reqs {
		req[r.Code] = r.ID
	}
	if _, err := p.ApplySuggestedLevels(ctx, hr); err != nil {
		return err
	}

	rows, err := a.DB.Read.QueryContext(ctx, `SELECT e.id, e.number, e.start_date, e.client_contact, t.name, COALESCE(pt.name, '')
		FROM employees e JOIN teams t ON t.id = e.team_id LEFT JOIN teams pt ON pt.id = t.parent_id
		WHERE e.org_id = $1 AND e.end_date = '' ORDER BY e.number`, orgID)
	if err != nil {
		return err
	}
	type person struct {
		id, number, start, team, parent string
		client                          bool
	}
	var staff []person
	for rows.Next() {
		var x person
		if err := rows.Scan(&x.id, &x.number, &x.start, &x.client, &x.team, &x.parent); err != nil {
			rows.Close()
			return err
		}
		staff = append(staff, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	today := a.Clock.Now().In(clock.Amsterdam)
	ago := func(months, days int) string { return today.AddDate(0, -months, -days).Format(time.DateOnly) }
	notBefore := func(day, start string) bool { return day >= start }
	for _, x := range staff {
		h := fnv.New32a()
		h.Write([]byte(x.number))
		n := int(h.Sum32() % 100)
		attend := func(code, day string) error {
			if req[code] == "" || !notBefore(day, x.start) {
				return nil
			}
			_, err := p.RecordAttendance(ctx, hr, people.AttendanceInput{EmployeeID: x.id, RequirementID: req[code], Date: day})
			return err
		}
		klantOrSociaal := x.team == "Klant" || x.parent == "Klant" || x.team == "Sociaal Domein" || x.parent == "Sociaal Domein"
		outdoor := x.team == "Handhaving" || x.team == "Openbare Ruimte"
		// Aggression training: refreshers overdue in Klant and Sociaal
		// Domein (last one 3½–4 years ago), recent elsewhere.
		if x.client && !outdoor {
			day := ago(6+n%18, n)
			if klantOrSociaal && n < 70 {
				day = ago(42+n%6, n)
			}
			if err := attend("AGRESSIE", day); err != nil {
				return err
			}
		}
		// The awareness session: most people, not everyone.
		if n < 75 && !outdoor {
			if err := attend("BEWUST", ago(3+n%20, n)); err != nil {
				return err
			}
		}
		if strings.Contains(strings.ToLower(x.team), "vergunning") && n < 80 {
			if err := attend("BIBOB", ago(8+n%10, 0)); err != nil {
				return err
			}
		}
		// Oath at entry for most; those who started before 2017 mostly
		// have no record of it.
		if x.start >= "2017-01-01" && x.start <= today.Format(time.DateOnly) && n < 90 {
			form := people.OathForm
			if n%3 == 0 {
				form = people.AffirmationForm
			}
			if _, err := p.AddOath(ctx, hr, people.OathInput{EmployeeID: x.id, TakenOn: x.start, Form: form}); err != nil {
				return err
			}
		}
		// Screenings: many from 2017, so the rescreening period has
		// passed; some recent ones.
		if n < 35 {
			day := "2017-0" + string(rune('3'+n%6)) + "-15"
			if n%4 == 0 {
				day = ago(10, n)
			}
			if notBefore(day, x.start) {
				kind := "vog"
				if outdoor || strings.Contains(strings.ToLower(x.team), "openbare orde") {
					kind = "vog_p"
				}
				if _, err := p.AddScreening(ctx, hr, people.ScreeningInput{EmployeeID: x.id, Kind: kind, ScreenedOn: day}); err != nil {
					return err
				}
			}
		}
	}

	if len(staff) >= 3 {
		if _, err := p.AddSideJob(ctx, hr, people.SideJobInput{EmployeeID: staff[0].id, Description: "Penningmeester van een sportvereniging in Voorbeeldstad",
			StartedOn: ago(30, 0), ReviewStatus: "no_conflict", Motivation: "Geen raakvlak met de eigen taken.", Publish: true,
			PublicText: "Penningmeester sportvereniging (onbezoldigd)"}); err != nil {
			return err
		}
		if _, err := p.AddSideJob(ctx, hr, people.SideJobInput{EmployeeID: staff[1].id, Description: "Adviseur bij een horecaonderneming in de regio",
			StartedOn: ago(4, 0), NeedToKnow: true}); err != nil {
			return err
		}
		if _, err := p.AddGift(ctx, hr, people.GiftInput{EmployeeID: staff[2].id, Description: "Fles wijn van een aanvrager na afloop van een vergunningtraject",
			ReceivedOn: ago(1, 3), ValueCents: 3500, Decision: "return"}); err != nil {
			return err
		}
		if _, err := p.AddGift(ctx, hr, people.GiftInput{EmployeeID: staff[1].id, Description: "Uitnodiging voor een zakelijk diner met partner",
			ReceivedOn: ago(0, 10), ValueCents: 18000, NeedToKnow: true}); err != nil {
			return err
		}
	}
	for _, c := range []people.Confidant{
		{Name: "Marloes Visser", Kind: "internal", Phone: "0900-1234567", Email: "vertrouwenspersoon@voorbeeldstad.example", Note: "Spreekuur op dinsdag"},
		{Name: "Stichting Vertrouwenswerk (fictief)", Kind: "external", Phone: "0900-7654321", Email: "info@vertrouwenswerk.example"},
	} {
		if _, err := p.AddConfidant(ctx, hr, c); err != nil {
			return err
		}
	}
	return nil
}
