package scan_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/scan"
)

const goodSheet = `kader;kadernaam;soort;pijler;pijlernaam;pijlergewicht;vraag;vraagtekst;vraaggewicht
provincie-norm;Norm van de provincie;volwassenheid;bestuur;Bestuur;2;b1;Stuurt het college?;1
provincie-norm;Norm van de provincie;volwassenheid;bestuur;Bestuur;2;b2;Weet de raad ervan?;3
provincie-norm;Norm van de provincie;volwassenheid;uitvoering;Uitvoering;1;u1;Is er capaciteit?;1
`

func TestFrameworkImportDryRunAndAllOrNothing(t *testing.T) {
	e := newEnv(t)
	// A dry run checks and writes nothing.
	f, err := e.s.ImportFramework(e.ctx, e.a, strings.NewReader(goodSheet), "csv", true)
	if err != nil {
		t.Fatal(err)
	}
	if f.QuestionCount() != 3 || f.Pillars[0].Weight != 2 || f.Pillars[0].Questions[1].Weight != 3 {
		t.Errorf("read %+v", f)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM scan_frameworks`); n != 0 {
		t.Fatalf("dry run wrote %d frameworks", n)
	}
	// A file with bad rows is refused as a whole, every bad cell named by
	// row and column, and nothing is written.
	bad := goodSheet + "provincie-norm;Norm van de provincie;volwassenheid;uitvoering;Uitvoering;1;u2;;1\n" +
		"provincie-norm;Norm van de provincie;volwassenheid;uitvoering;Uitvoering;1;u3;Gewicht?;veel\n" +
		"provincie-norm;Norm van de provincie;volwassenheid;uitvoering;Uitvoering;1;b1;Dubbel;1\n"
	_, err = e.s.ImportFramework(e.ctx, e.a, strings.NewReader(bad), "csv", false)
	list, ok := err.(apperr.List)
	if !ok || len(list) != 3 {
		t.Fatalf("bad file: %v", err)
	}
	want := []struct {
		row int
		col string
	}{{5, "vraagtekst"}, {6, "vraaggewicht"}, {7, "vraag"}}
	for i, w := range want {
		if list[i].Row != w.row || list[i].Field != w.col {
			t.Errorf("error %d: row %d column %q (%s), want row %d column %q", i, list[i].Row, list[i].Field, list[i].Key, w.row, w.col)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM scan_frameworks`); n != 0 {
		t.Fatalf("a refused import wrote %d frameworks", n)
	}
	// The good file is imported; its JSON and XLSX exports read back the same.
	if _, err := e.s.ImportFramework(e.ctx, e.a, strings.NewReader(goodSheet), "csv", false); err != nil {
		t.Fatal(err)
	}
	own, err := e.s.Framework(e.ctx, e.a, "provincie-norm")
	if err != nil || !own.Own {
		t.Fatalf("imported framework: %v %v", own, err)
	}
	x, err := scan.FrameworkXLSX(own)
	if err != nil {
		t.Fatal(err)
	}
	back, err := scan.ReadFrameworkSheet(bytes.NewReader(x), "xlsx")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := scan.FrameworkJSON(own)
	js2, _ := scan.FrameworkJSON(back)
	if !bytes.Equal(js, js2) {
		t.Errorf("XLSX round trip differs:\n%s\n%s", js, js2)
	}
	// JSON with an error deep inside names the place, and changes nothing.
	before := e.count(t, `SELECT COUNT(*) FROM audit_log`)
	badJSON := strings.Replace(string(js), `"gewicht": 3`, `"gewicht": 300`, 1)
	_, err = e.s.ImportFramework(e.ctx, e.a, strings.NewReader(badJSON), "json", false)
	if list, ok := err.(apperr.List); !ok || len(list) != 1 || list[0].Field != "pijler 1, vraag 2: gewicht" {
		t.Fatalf("bad JSON: %v", err)
	}
	if f, _ := e.s.Framework(e.ctx, e.a, "provincie-norm"); f.Pillars[0].Questions[1].Weight != 3 {
		t.Error("a refused JSON import changed the framework")
	}
	if after := e.count(t, `SELECT COUNT(*) FROM audit_log`); after != before {
		t.Error("a refused import was audited as a change")
	}
	// The kind of a shipped framework is fixed.
	norms, _ := scan.Default(scan.KeyNorms)
	norms.Kind = scan.Maturity
	if _, err := e.s.SaveFramework(e.ctx, e.a, norms, false); err == nil {
		t.Error("changed the kind of the normenkader")
	}
}
