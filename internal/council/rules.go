package council

import "strconv"

// rules are the documented rules of the sixteen norms. Each reads only the
// inputs, so that a test can give it data that should lead to each
// verdict; the same wording is in the catalogue (council.rule.<key>),
// shown next to the verdict, and in docs/decisions/0024-council.md.
var rules = map[string]func(Inputs) (Verdict, []Value){
	// n01 Eenduidig beeld van weerbaarheid: a finalised Vijf pijlers scan
	// of at most 12 months old is behaald, of at most 24 months deels.
	"n01": func(in Inputs) (Verdict, []Value) {
		if in.Maturity == nil {
			return NotMet, []Value{missing("council.ev.scan_age")}
		}
		m := monthsBetween(in.Maturity.HeldOn, in.Today)
		v := []Value{{Label: "council.ev.scan_age", Text: strconv.Itoa(m)}}
		return steps(float64(m) <= 12, float64(m) <= 24), v
	},
	// n02 Samenhang regionaal en lokaal beleid: the LOO (gemeente, politie,
	// RIEC) met at least 6 times in 12 months; 1–5 times deels.
	"n02": func(in Inputs) (Verdict, []Value) {
		return steps(in.LOOHeld >= 6, in.LOOHeld >= 1), []Value{count("council.ev.loo_held", in.LOOHeld)}
	},
	// n03 Samenhang beleid en uitvoering: every gap of the latest scan has
	// an action (or there are none); at least half deels.
	"n03": func(in Inputs) (Verdict, []Value) {
		if in.Maturity == nil {
			return NotMet, []Value{missing("council.ev.gaps"), missing("council.ev.gaps_action")}
		}
		m := in.Maturity
		v := []Value{count("council.ev.gaps", m.Gaps), count("council.ev.gaps_action", m.GapsWithAction)}
		f, ok := share(m.GapsWithAction, m.Gaps)
		if !ok {
			return Met, v
		}
		return steps(f >= 1, f >= 0.5), v
	},
	// n04 Heldere doelen: every goal of the year has a target; some deels;
	// no goal with a target niet behaald.
	"n04": func(in Inputs) (Verdict, []Value) {
		if !in.HasFigures {
			return NotMet, []Value{missing("council.ev.goals"), missing("council.ev.goals_target")}
		}
		withTarget := 0
		for _, g := range in.Goals {
			if g.HasTarget {
				withTarget++
			}
		}
		v := []Value{count("council.ev.goals", len(in.Goals)), count("council.ev.goals_target", withTarget)}
		return steps(len(in.Goals) > 0 && withTarget == len(in.Goals), withTarget > 0), v
	},
	// n05 Voldoende capaciteit, kennis en mandaat: training coverage of
	// the required trainings at least 80%; at least 50% deels.
	"n05": func(in Inputs) (Verdict, []Value) {
		return indicatorSteps(in, IndTraining, 80, 50)
	},
	// n06 Projecten adequaat uitgevoerd: of the actions finished or overdue,
	// at most 10% overdue; at most 30% deels; no actions niet behaald.
	"n06": func(in Inputs) (Verdict, []Value) {
		done, ok1 := in.Indicators[IndActionsDone]
		late, ok2 := in.Indicators[IndActionsLate]
		v := []Value{indValue("council.ev.actions_done", done, ok1), indValue("council.ev.actions_late", late, ok2)}
		if !ok1 || !ok2 || !done.Known || !late.Known {
			return NotMet, v
		}
		f, ok := share(int(late.Value), int(done.Value+late.Value))
		if !ok {
			return NotMet, v
		}
		return steps(f <= 0.10, f <= 0.30), v
	},
	// n07 Informatie van partners adequaat en rechtmatig gedeeld: minutes
	// are recorded for at least 90% of the LOO meetings held in 12 months
	// (what partners shared is on record, on a need-to-know list); at
	// least 50% deels.
	"n07": func(in Inputs) (Verdict, []Value) {
		v := []Value{count("council.ev.loo_held", in.LOOHeld), count("council.ev.loo_minutes", in.LOOWithMinutes)}
		f, ok := share(in.LOOWithMinutes, in.LOOHeld)
		if !ok {
			return NotMet, v
		}
		return steps(f >= 0.9, f >= 0.5), v
	},
	// n08 Risico's in kaart en bekend: at least 80% of the teams mapped
	// their vulnerable processes; at least 40% deels.
	"n08": func(in Inputs) (Verdict, []Value) {
		return indicatorSteps(in, IndTeamsMapped, 80, 40)
	},
	// n09 Navolgbaar handelen op gesignaleerde risico's: no report of the
	// meldpunt past its term; at most 10% of the reports deels.
	"n09": func(in Inputs) (Verdict, []Value) {
		all, ok1 := in.Indicators[IndReports]
		late, ok2 := in.Indicators[IndReportsLate]
		v := []Value{indValue("council.ev.reports", all, ok1), indValue("council.ev.reports_late", late, ok2)}
		if !ok1 || !ok2 || !all.Known || !late.Known {
			return NotMet, v
		}
		if late.Value == 0 {
			return Met, v
		}
		f, _ := share(int(late.Value), int(all.Value))
		return steps(false, all.Value > 0 && f <= 0.10), v
	},
	// n10 Bestuurlijk instrumentarium adequaat ingezet: the Bibob policy
	// was set in the last 24 months and at least one administrative
	// intervention was registered in 12 months; one of the two deels.
	"n10": func(in Inputs) (Verdict, []Value) {
		age := -1
		pv := missing("council.ev.bibob_policy_age")
		if in.BibobPolicyOn != "" {
			age = monthsBetween(in.BibobPolicyOn, in.Today)
			pv = Value{Label: "council.ev.bibob_policy_age", Text: strconv.Itoa(age)}
		}
		current := age >= 0 && age <= 24
		used := in.Interventions >= 1
		return steps(current && used, current || used), []Value{pv, count("council.ev.interventions", in.Interventions)}
	},
	// n11 Effectieve bewustwording, ook bij college en raad: the pillar
	// Bewustwording & organisatie of the latest scan at least 3; at least
	// 2 deels.
	"n11": func(in Inputs) (Verdict, []Value) {
		return pillarSteps(in, "bewustwording", "council.ev.pillar_awareness")
	},
	// n12 Effectieve aanpak veilige werkomgeving: at least 90% of the
	// aftercare contacts after aggression incidents made on time (48 hours
	// by default); at least 50% deels. Without incidents in 12 months the
	// pillar Integere & veilige werkomgeving decides (at least 3 behaald,
	// at least 2 deels).
	"n12": func(in Inputs) (Verdict, []Value) {
		v := []Value{count("council.ev.aftercare_due", in.AftercareDue), count("council.ev.aftercare_on_time", in.AftercareOnTime)}
		if f, ok := share(in.AftercareOnTime, in.AftercareDue); ok {
			return steps(f >= 0.9, f >= 0.5), v
		}
		pv, pvals := pillarSteps(in, "werkomgeving", "council.ev.pillar_workplace")
		return pv, append(v, pvals...)
	},
	// n13 Resultaten en effecten gemonitord en gerapporteerd: at least 8
	// of the 10 indicators have data for the year; at least 4 deels.
	"n13": func(in Inputs) (Verdict, []Value) {
		if !in.HasFigures {
			return NotMet, []Value{missing("council.ev.indicators_known")}
		}
		known := 0
		for _, k := range IndicatorKeys {
			if i, ok := in.Indicators[k]; ok && i.Known {
				known++
			}
		}
		return steps(known >= knownIndicatorMin, known >= 4), []Value{{Label: "council.ev.indicators_known", Text: strconv.Itoa(known) + "/" + strconv.Itoa(len(IndicatorKeys))}}
	},
	// n14 Prestaties en doelen gerealiseerd: at least 75% of the goals
	// with a target met it; at least 40% deels; none with a target niet.
	"n14": func(in Inputs) (Verdict, []Value) {
		if !in.HasFigures {
			return NotMet, []Value{missing("council.ev.goals_target"), missing("council.ev.goals_met")}
		}
		withTarget, met := 0, 0
		for _, g := range in.Goals {
			if g.HasTarget {
				withTarget++
				if g.Met {
					met++
				}
			}
		}
		v := []Value{count("council.ev.goals_target", withTarget), count("council.ev.goals_met", met)}
		f, ok := share(met, withTarget)
		if !ok {
			return NotMet, v
		}
		return steps(f >= 0.75, f >= 0.40), v
	},
	// n15 Raad voldoende geïnformeerd: a council report was finalised in
	// the last 12 months; the latest within 24 months deels.
	"n15": func(in Inputs) (Verdict, []Value) {
		v := []Value{count("council.ev.reports_final", in.ReportsFinal12m)}
		age := -1
		if in.LastReportOn != "" {
			age = monthsBetween(in.LastReportOn, in.Today)
			v = append(v, Value{Label: "council.ev.last_report_age", Text: strconv.Itoa(age)})
		} else {
			v = append(v, missing("council.ev.last_report_age"))
		}
		return steps(in.ReportsFinal12m >= 1, age >= 0 && age <= 24), v
	},
	// n16 Raad gebruikt zijn instrumenten: the council's own roles
	// (griffier, raad, rekenkamer) opened finalised council reports at
	// least 3 times in 12 months; 1–2 times deels. The system sees only
	// this use of information; questions, motions and an audit office's
	// own research are for the coordinator to weigh in an override.
	"n16": func(in Inputs) (Verdict, []Value) {
		return steps(in.AuditorViews12m >= 3, in.AuditorViews12m >= 1), []Value{count("council.ev.auditor_views", in.AuditorViews12m)}
	},
}

// steps is behaald when met, else deels when partly, else niet behaald.
func steps(met, partly bool) Verdict {
	switch {
	case met:
		return Met
	case partly:
		return Partly
	}
	return NotMet
}

func missing(label string) Value { return Value{Label: label, Missing: true} }

func count(label string, n int) Value { return Value{Label: label, Text: strconv.Itoa(n)} }

func indValue(label string, i Indicator, ok bool) Value {
	if !ok || !i.Known {
		return missing(label)
	}
	return Value{Label: label, Text: num(i.Value)}
}

// indicatorSteps is behaald from met upward and deels from partly upward
// for a percentage indicator.
func indicatorSteps(in Inputs, key string, met, partly float64) (Verdict, []Value) {
	i, ok := in.Indicators[key]
	v := indValue("council.ev.ind."+indicatorLabel(key), i, ok)
	if v.Missing {
		return NotMet, []Value{v}
	}
	v.Text += "%"
	return steps(i.Value >= met, i.Value >= partly), []Value{v}
}

// indicatorLabel turns an indicator key into the suffix of its catalogue
// label key (meldingen.te_laat → meldingen_te_laat).
func indicatorLabel(key string) string {
	b := []byte(key)
	for i := range b {
		if b[i] == '.' {
			b[i] = '_'
		}
	}
	return string(b)
}

func pillarSteps(in Inputs, key, label string) (Verdict, []Value) {
	p, ok := in.Maturity.Pillar(key)
	if !ok {
		return NotMet, []Value{missing(label)}
	}
	return steps(p.Value >= 3, p.Value >= 2), []Value{{Label: label, Text: num(p.Value)}}
}
