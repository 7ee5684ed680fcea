package report_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/report"
)

// A handler's reply can carry files, which the reporter opens on their own
// report; the files of an internal note stay with the handlers even when
// the reporter knows their id. A bad file is refused by name and nothing
// of the message is kept.
func TestHandlerRepliesCarryFilesAndInternalNotesKeepTheirs(t *testing.T) {
	e := newEnv(t)
	h := e.h
	created, err := h.App.Report.Submit(h.Ctx, h.Scope(e.a, e.emp), report.Input{Category: report.Undermining,
		Title: "Loods", Body: "Er wordt 's nachts geladen bij de loods."})
	if err != nil {
		t.Fatal(err)
	}
	coord := h.Login(e.coord)
	path := "/meldingen/" + created.ID + "/bericht"
	pdf := []byte("%PDF-1.4\n% Antwoord-bijlage-Z3\n%%EOF\n")
	note := []byte("%PDF-1.4\n% Interne-bijlage-Q7\n%%EOF\n")

	res := multipartPost(coord, path, url.Values{"internal": {"0"}, "intake_message": {"Zie het bijgevoegde formulier."}},
		map[string][]byte{"programma.exe": []byte("MZ\x90\x00\x03\x00\x00\x00binary")})
	if body := want(t, "wrong type", res, http.StatusUnprocessableEntity); !strings.Contains(body, "programma.exe") {
		t.Error("the refusal does not name the file")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM report_messages WHERE report_id = $1`, created.ID); n != 0 {
		t.Fatalf("a refused reply left %d messages", n)
	}
	want(t, "reply", multipartPost(coord, path, url.Values{"internal": {"0"}, "intake_message": {"Zie het bijgevoegde formulier."}},
		map[string][]byte{"formulier.pdf": pdf}), http.StatusSeeOther)
	want(t, "note", multipartPost(coord, path, url.Values{"internal": {"1"}, "intake_message": {"Intern: eerdere melding over deze loods."}},
		map[string][]byte{"intern.pdf": note}), http.StatusSeeOther)

	ids := map[bool]string{}
	rows, err := h.App.DB.Read.QueryContext(h.Ctx, `SELECT a.id, m.internal FROM report_attachments a JOIN report_messages m ON m.id = a.message_id WHERE a.report_id = $1`, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var internal bool
		if err := rows.Scan(&id, &internal); err != nil {
			t.Fatal(err)
		}
		ids[internal] = id
	}
	rows.Close()
	if ids[false] == "" || ids[true] == "" {
		t.Fatalf("attachments stored: %v", ids)
	}
	if page := want(t, "handler page", coord.Get("/meldingen/"+created.ID), http.StatusOK); !strings.Contains(page, "formulier.pdf") || !strings.Contains(page, "intern.pdf") {
		t.Error("the handler does not see both files")
	}

	reporter := h.Login(e.emp)
	mine := "/melden/mijn/" + created.ID
	page := want(t, "reporter page", reporter.Get(mine), http.StatusOK)
	if !strings.Contains(page, "formulier.pdf") || strings.Contains(page, "intern.pdf") {
		t.Errorf("reporter sees reply file %v, internal file %v", strings.Contains(page, "formulier.pdf"), strings.Contains(page, "intern.pdf"))
	}
	got := want(t, "reporter download", reporter.Get(mine+"/bijlagen/"+ids[false]), http.StatusOK)
	if !bytes.Contains([]byte(got), []byte("Antwoord-bijlage-Z3")) {
		t.Error("the reporter's download is not the reply's file")
	}
	if res := reporter.Get(mine + "/bijlagen/" + ids[true]); res.Code != http.StatusNotFound || strings.Contains(res.Body.String(), "Interne-bijlage-Q7") {
		t.Errorf("the reporter opened the internal note's file: %d", res.Code)
	}
}
