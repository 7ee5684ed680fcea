package org

import "testing"

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-01": "2024-03-01", " 01-03-2024 ": "2024-03-01", "1-3-2024": "2024-03-01",
		"29-02-2024": "2024-02-29", "2024-03-01T00:00:00Z": "2024-03-01",
		"29-02-2023": "", "2024-13-01": "", "01/03/2024": "", "03-01-24": "", "maart": "", "": "", "1-3-24": "",
	} {
		got, ok := parseDate(in)
		if got != want || ok != (want != "") {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"45352": "2024-03-01", "45352.5": "2024-03-01", "61": "1900-03-01", "12": "", "abc": ""} {
		if got, _ := parseSerialDate(in); got != want {
			t.Errorf("parseSerialDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseYesNo(t *testing.T) {
	for in, want := range map[string]bool{"ja": true, "JA": true, " j ": true, "1": true, "nee": false, "Nee": false, "0": false} {
		if got, ok := parseYesNo(in); !ok || got != want {
			t.Errorf("parseYesNo(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "misschien", "ja/nee"} {
		if _, ok := parseYesNo(in); ok {
			t.Errorf("parseYesNo(%q) accepted", in)
		}
	}
}
