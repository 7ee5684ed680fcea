package scan

import "slices"

// The keys of the shipped frameworks (DOMAIN.md §7).
const (
	KeyPillars    = "vijf-pijlers"
	KeyDimensions = "vijf-dimensies"
	KeyNorms      = "normenkader-rekenkamer"
)

// Defaults returns fresh copies of the shipped frameworks. The texts are
// Dutch: they are content an organisation edits, not interface text.
func Defaults() []Framework {
	return []Framework{pillars(), dimensions(), norms()}
}

// Default returns the shipped framework with the key.
func Default(key string) (Framework, bool) {
	ds := Defaults()
	i := slices.IndexFunc(ds, func(f Framework) bool { return f.Key == key })
	if i < 0 {
		return Framework{}, false
	}
	return ds[i], true
}

func q(key, text string) Question { return Question{Key: key, Text: text, Weight: 1} }

func pillars() Framework {
	return Framework{Key: KeyPillars, Name: "Vijf pijlers", Kind: Maturity, Shipped: true,
		Description: "Weerbaarheid langs vijf pijlers, elk in vijf volwassenheidsstappen (lijn van de provinciale norm).",
		Pillars: []Pillar{
			{Key: "bewustwording", Name: "Bewustwording & organisatie", Weight: 1,
				Steps: []string{
					"Ondermijning staat niet op de agenda; niemand is ervoor aangewezen.",
					"Eén persoon pakt het op naast ander werk; medewerkers weten weinig van signalen.",
					"Er is een coördinator met tijd en een plan; kwetsbare teams hebben een training gehad.",
					"Bewustwording is jaarlijks terugkerend voor alle kwetsbare functies; het MT stuurt op het plan.",
					"Weerbaarheid is vast onderdeel van de organisatie; nieuwe medewerkers worden ingewerkt en het effect wordt gemeten.",
				},
				Questions: []Question{
					q("bew-coordinator", "Is er een coördinator ondermijning met voldoende uren en mandaat?"),
					q("bew-training", "Krijgen medewerkers in kwetsbare functies regelmatig een training over signalen?"),
					q("bew-bestuur", "Zijn college en MT betrokken en sturen zij op het plan van aanpak?"),
				}},
			{Key: "informatiepositie", Name: "Informatiepositie", Weight: 1,
				Steps: []string{
					"Signalen worden niet vastgelegd; er is geen zicht op ondermijning in de gemeente.",
					"Signalen worden soms doorgegeven, maar niet vastgelegd of opgevolgd.",
					"Er is een meldpunt en een ondermijningsbeeld; informatie van partners komt binnen.",
					"Signalen worden vastgelegd, geanalyseerd en rechtmatig gedeeld met RIEC en politie.",
					"Het ondermijningsbeeld wordt periodiek bijgewerkt en stuurt de inzet van mensen en middelen.",
				},
				Questions: []Question{
					q("inf-meldpunt", "Kunnen medewerkers signalen eenvoudig en veilig melden?"),
					q("inf-beeld", "Is er een actueel ondermijningsbeeld van de gemeente?"),
					q("inf-delen", "Wordt informatie met partners gedeeld op basis van een privacyprotocol?"),
				}},
			{Key: "beleid", Name: "Beleid & handhaving", Weight: 1,
				Steps: []string{
					"Er is geen beleid; de Bibob-wet en bestuurlijke instrumenten worden niet gebruikt.",
					"Er is een Bibob-beleidslijn, maar die wordt zelden toegepast.",
					"Beleid is vastgesteld en wordt toegepast in de meest kwetsbare branches.",
					"Beleid en handhaving sluiten op elkaar aan; bestuurlijke instrumenten worden gericht ingezet.",
					"Beleid wordt geëvalueerd en bijgesteld op basis van resultaten en regionale afspraken.",
				},
				Questions: []Question{
					q("bel-bibob", "Heeft de gemeente een actuele Bibob-beleidslijn die ook wordt toegepast?"),
					q("bel-instrumenten", "Worden bestuurlijke instrumenten (sluiting, weigering, intrekking) ingezet waar dat nodig is?"),
					q("bel-processen", "Zijn kwetsbare processen in kaart gebracht en beheerst?"),
				}},
			{Key: "werkomgeving", Name: "Integere & veilige werkomgeving", Weight: 1,
				Steps: []string{
					"Integriteit en veiligheid van medewerkers krijgen geen aandacht.",
					"Er zijn regels (gedragscode, nevenfuncties), maar niemand controleert ze.",
					"Screening, eed en meldingen van agressie zijn geregeld voor kwetsbare functies.",
					"Functiescheiding en screening worden bewaakt; medewerkers voelen zich gesteund bij bedreiging.",
					"Een integere en veilige werkomgeving is vanzelfsprekend en wordt jaarlijks getoetst.",
				},
				Questions: []Question{
					q("wer-screening", "Worden medewerkers in kwetsbare functies gescreend (VOG, periodiek)?"),
					q("wer-functiescheiding", "Is functiescheiding in kwetsbare processen geregeld en bewaakt?"),
					q("wer-agressie", "Worden agressie en intimidatie tegen medewerkers gemeld en opgevolgd?"),
				}},
			{Key: "communicatie", Name: "Communicatie", Weight: 1,
				Steps: []string{
					"Er wordt niet over ondermijning gecommuniceerd, intern of extern.",
					"Communicatie gebeurt incidenteel, na een voorval.",
					"Er is een communicatieplan; medewerkers en inwoners weten waar ze terecht kunnen.",
					"Communicatie is doelgericht en afgestemd met partners; resultaten worden gedeeld.",
					"Communicatie draagt aantoonbaar bij aan meldingen en aan het vertrouwen van inwoners.",
				},
				Questions: []Question{
					q("com-intern", "Weten medewerkers wat ondermijning is en waar zij met signalen terechtkunnen?"),
					q("com-extern", "Worden inwoners en ondernemers geïnformeerd over ondermijning en Meld Misdaad Anoniem?"),
				}},
		}}
}

// steps5 gives five maturity steps for a dimension from a short topic.
func steps5(topic string) []string {
	return []string{
		"Afwezig: " + topic + " krijgt geen aandacht.",
		"Incidenteel: " + topic + " hangt af van enkele personen.",
		"Ingericht: " + topic + " is vastgelegd en belegd.",
		"Geborgd: " + topic + " wordt toegepast en bewaakt in de hele organisatie.",
		"Lerend: " + topic + " wordt geëvalueerd en verbeterd op basis van resultaten.",
	}
}

func dimensions() Framework {
	return Framework{Key: KeyDimensions, Name: "Vijf dimensies", Kind: Maturity, Shipped: true,
		Description: "Weerbaarheid langs de vijf dimensies uit de onderzoeksliteratuur.",
		Pillars: []Pillar{
			{Key: "inzicht", Name: "Inzicht & bewustzijn", Weight: 1, Steps: steps5("inzicht in ondermijning"),
				Questions: []Question{
					q("inz-kennis", "Herkennen medewerkers signalen van ondermijning in hun eigen werk?"),
					q("inz-beeld", "Weet de organisatie waar zij kwetsbaar is?"),
				}},
			{Key: "bestuurlijk", Name: "Bestuurlijke borging", Weight: 1, Steps: steps5("bestuurlijke aandacht"),
				Questions: []Question{
					q("bes-portefeuille", "Is ondermijning belegd bij een portefeuillehouder die erop stuurt?"),
					q("bes-raad", "Wordt de raad periodiek geïnformeerd?"),
				}},
			{Key: "organisatorisch", Name: "Organisatorische borging", Weight: 1, Steps: steps5("de organisatie van de aanpak"),
				Questions: []Question{
					q("org-capaciteit", "Zijn capaciteit en budget structureel geregeld?"),
					q("org-processen", "Zijn kwetsbare processen beschreven, met functiescheiding?"),
				}},
			{Key: "normen", Name: "Normen & waarden", Weight: 1, Steps: steps5("integriteit"),
				Questions: []Question{
					q("nor-gedragscode", "Kennen medewerkers de gedragscode en spreken zij elkaar erop aan?"),
					q("nor-dilemma", "Worden integriteitsdilemma's besproken?"),
				}},
			{Key: "handelen", Name: "Handelen", Weight: 1, Steps: steps5("handelen op signalen"),
				Questions: []Question{
					q("han-opvolging", "Worden signalen opgevolgd en wordt de melder teruggekoppeld?"),
					q("han-instrumenten", "Worden beschikbare instrumenten daadwerkelijk ingezet?"),
				}},
		}}
}

func norms() Framework {
	return Framework{Key: KeyNorms, Name: "Normenkader rekenkamer", Kind: Verdict, Shipped: true,
		Description: "Het normenkader zoals een rekenkamer het in 2025 gebruikte; per norm een oordeel: behaald, deels of niet behaald.",
		Pillars: []Pillar{
			{Key: "beleid", Name: "Beleid", Weight: 1, Questions: []Question{
				q("n01", "Er is een eenduidig beeld van de weerbaarheid van de gemeente."),
				q("n02", "Regionaal en lokaal beleid hangen samen."),
				q("n03", "Beleid en uitvoering hangen samen."),
				q("n04", "De doelen zijn helder."),
			}},
			{Key: "uitvoering", Name: "Uitvoering", Weight: 1, Questions: []Question{
				q("n05", "Er is voldoende capaciteit, kennis en mandaat."),
				q("n06", "Projecten zijn adequaat uitgevoerd."),
				q("n07", "Informatie van partners wordt adequaat en rechtmatig gedeeld."),
				q("n08", "Risico's zijn in kaart gebracht en bekend."),
				q("n09", "Er wordt navolgbaar gehandeld op gesignaleerde risico's."),
				q("n10", "Het bestuurlijk instrumentarium wordt adequaat ingezet."),
				q("n11", "Bewustwording is effectief, ook bij college en raad."),
				q("n12", "De aanpak van een veilige werkomgeving is effectief."),
			}},
			{Key: "resultaten", Name: "Resultaten", Weight: 1, Questions: []Question{
				q("n13", "Resultaten en effecten worden gemonitord en gerapporteerd."),
				q("n14", "Prestaties en doelen zijn gerealiseerd."),
			}},
			{Key: "raad", Name: "Rol van de raad", Weight: 1, Questions: []Question{
				q("n15", "De raad is voldoende geïnformeerd."),
				q("n16", "De raad gebruikt zijn instrumenten."),
			}},
		}}
}
