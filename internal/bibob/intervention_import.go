package bibob

import (
	"context"
	"database/sql"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

// InterventionImport says what an import did or, on a dry run, would do.
type InterventionImport struct {
	DryRun bool
	Rows   int
	New    int
}

// The columns of an interventions file, by the header names accepted (lower
// case); the first name is the one errors use.
var ivColumns = [][]string{
	{"soort", "type", "interventie"},
	{"datum", "date"},
	{"grondslag", "wettelijke grondslag"},
	{"adres", "object", "pand"},
	{"bedrijfsnaam", "bedrijf", "naam onderneming"},
	{"uitkomst", "resultaat"},
	{"referentie", "dossier", "zaaknummer"},
	{"toelichting", "notitie"},
}

// ivRequired are the columns a file must have.
var ivRequired = []string{"soort", "datum", "grondslag", "adres", "uitkomst"}

// ivFold reduces a label to letters and digits, so that "LBB-advies",
// "lbb advies" and "lbb_advies" are one.
func ivFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// kindAliases and basisAliases map folded spellings to codes; every code
// also stands for itself.
var (
	kindAliases = map[string]string{"bibob": "bibob_toets", "bibobonderzoek": "bibob_toets", "lbb": "lbb_advies",
		"controle": "integrale_controle", "sluitingpand": "sluiting", "dwangsom": "last_onder_dwangsom"}
	basisAliases = map[string]string{"bibob": "wet_bibob", "opiumwetart13b": "opiumwet_13b", "13bopiumwet": "opiumwet_13b",
		"artikel13bopiumwet": "opiumwet_13b", "opiumwetartikel13b": "opiumwet_13b", "woningwetart17": "woningwet",
		"algemeneplaatselijkeverordening": "apv", "gemeentewetart125": "gemeentewet", "algemenewetbestuursrecht": "awb"}
)

func lookupCode(v string, codes []string, aliases map[string]string) string {
	f := ivFold(v)
	for _, c := range codes {
		if ivFold(c) == f {
			return c
		}
	}
	return aliases[f]
}

// ImportInterventions back-fills the register from a CSV or XLSX file with
// the columns soort, datum, grondslag, adres, uitkomst and optionally
// bedrijfsnaam, referentie and toelichting (bibob.interventions). Every bad
// row is reported with its row number and column; nothing is written unless
// the whole file is right.
func (s *Store) ImportInterventions(ctx context.Context, sc *auth.Scope, r io.Reader, f tabular.Format, dryRun bool) (*InterventionImport, error) {
	if err := ivAllow(sc, auth.BibobInterventions); err != nil {
		return nil, err
	}
	sh, err := tabular.Read(r, f)
	if err != nil {
		return nil, err
	}
	idx, head := map[string]int{}, map[string]string{}
	var errs apperr.List
	for i, h := range sh.Header {
		norm := strings.ToLower(strings.TrimSpace(h))
		for _, names := range ivColumns {
			for _, n := range names {
				if norm != n {
					continue
				}
				if _, dup := idx[names[0]]; dup {
					errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "bibob.iv.import.column_twice", Field: strings.TrimSpace(h), Row: sh.HeaderRow})
				}
				idx[names[0]], head[names[0]] = i, strings.TrimSpace(h)
			}
		}
	}
	for _, c := range ivRequired {
		if _, ok := idx[c]; !ok {
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "bibob.iv.import.column_missing", Field: c, Row: sh.HeaderRow})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cell := func(row tabular.Row, col string) string {
		i, ok := idx[col]
		if !ok || i >= len(row.Cells) {
			return ""
		}
		return strings.TrimSpace(row.Cells[i])
	}
	// Field names of checkIntervention → columns of the file.
	colOf := map[string]string{"kind": "soort", "occurred_on": "datum", "legal_basis": "grondslag", "object_address": "adres",
		"business_name": "bedrijfsnaam", "outcome": "uitkomst", "screening_ref": "referentie", "note": "toelichting"}
	var ins []InterventionInput
	for _, row := range sh.Rows {
		in := InterventionInput{Kind: cell(row, "soort"), LegalBasis: cell(row, "grondslag"), ObjectAddress: cell(row, "adres"),
			BusinessName: cell(row, "bedrijfsnaam"), Outcome: cell(row, "uitkomst"), ScreeningRef: cell(row, "referentie"), Note: cell(row, "toelichting")}
		if c := lookupCode(in.Kind, InterventionKinds, kindAliases); c != "" {
			in.Kind = c
		}
		if c := lookupCode(in.LegalBasis, LegalBases, basisAliases); c != "" {
			in.LegalBasis = c
		}
		raw := cell(row, "datum")
		in.OccurredOn = raw
		if d, ok := ivImportDay(raw, f == tabular.XLSX); ok {
			in.OccurredOn = d
		}
		for _, e := range s.checkIntervention(&in) {
			col := colOf[e.Field]
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: e.Key, Args: e.Args, Field: head[col], Row: row.N})
		}
		ins = append(ins, in)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	rep := &InterventionImport{DryRun: dryRun, Rows: len(sh.Rows), New: len(ins)}
	if dryRun || len(ins) == 0 {
		return rep, nil
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, in := range ins {
			if err := s.insertIntervention(ctx, tx, sc, store.NewID(), in, "import"); err != nil {
				return err
			}
		}
		return s.ivRecord(ctx, tx, sc, area+".intervention.import", ObjIntervention, strconv.Itoa(len(ins)), "")
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// ivImportDay reads a date cell: 2024-03-01, 1-3-2024, 01/03/2024, or in
// a workbook the serial number of a date cell.
func ivImportDay(raw string, xlsx bool) (string, bool) {
	for _, layout := range []string{time.DateOnly, "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	if !xlsx {
		return "", false
	}
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil || n < 1 || n > 120000 {
		return "", false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)).Format(time.DateOnly), true
}
