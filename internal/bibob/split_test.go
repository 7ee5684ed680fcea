package bibob

import (
	"fmt"
	"slices"
	"testing"
)

func item(id, applicant string, parties []string, address string, euros int64, received string) SplitItem {
	return SplitItem{ID: id, Type: "omgevingsvergunning", Location: address, AddressKey: addressKey(address, ""),
		Parties: append([]string{partyKey(applicant, "")}, parties...), Amount: euros * 100, ReceivedOn: received}
}

func groupIDs(items []SplitItem, gs []SplitGroup) [][]string {
	var out [][]string
	for _, g := range gs {
		var ids []string
		for _, m := range g.Members {
			ids = append(ids, items[m].ID)
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	return out
}

func TestSplittingDetection(t *testing.T) {
	pol := DefaultPolicy() // €500,000, window 12 months
	cases := []struct {
		name  string
		items []SplitItem
		want  [][]string
	}{
		{"same applicant, each below and together above the threshold", []SplitItem{
			item("a", "Bouw BV", nil, "Dorpsstraat 1, 1234 AB Voorbeeldstad", 200_000, "2026-01-10"),
			item("b", "bouw b.v.", nil, "Dorpsstr. 1, 1234AB Voorbeeldstad", 200_000, "2026-03-10"),
			item("c", "Bouw B.V.", nil, "dorpsstraat 1 1234 ab voorbeeldstad", 150_000, "2026-05-10"),
		}, [][]string{{"a", "b", "c"}}},
		{"related party links different applicants", []SplitItem{
			item("a", "Alfa Bouw", []string{"kvk:11111111"}, "Kerkweg 3", 300_000, "2026-01-10"),
			item("b", "Beta Vastgoed", []string{"kvk:11111111"}, "Kerkweg 3", 300_000, "2026-02-10"),
		}, [][]string{{"a", "b"}}},
		{"different address is not flagged", []SplitItem{
			item("a", "Bouw BV", nil, "Dorpsstraat 1", 300_000, "2026-01-10"),
			item("b", "Bouw BV", nil, "Dorpsstraat 3", 300_000, "2026-02-10"),
		}, nil},
		{"outside the window is not flagged", []SplitItem{
			item("a", "Bouw BV", nil, "Dorpsstraat 1", 300_000, "2025-01-10"),
			item("b", "Bouw BV", nil, "Dorpsstraat 1", 300_000, "2026-01-10"),
		}, nil},
		{"together below the threshold is not flagged", []SplitItem{
			item("a", "Bouw BV", nil, "Dorpsstraat 1", 200_000, "2026-01-10"),
			item("b", "Bouw BV", nil, "Dorpsstraat 1", 200_000, "2026-02-10"),
		}, nil},
		{"unrelated applicants on one plot are not flagged", []SplitItem{
			item("a", "Alfa BV", nil, "Dorpsstraat 1", 300_000, "2026-01-10"),
			item("b", "Beta BV", nil, "Dorpsstraat 1", 300_000, "2026-02-10"),
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := groupIDs(c.items, DetectSplits(c.items, pol))
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("groups %v, want %v", got, c.want)
			}
		})
	}
}

func TestSplittingUsesTheLowerThresholdInRiskAreas(t *testing.T) {
	pol := DefaultPolicy()
	pol.RiskAreas = []string{"1234"}
	items := []SplitItem{
		item("a", "Bouw BV", nil, "Dorpsstraat 1, 1234 AB", 30_000, "2026-01-10"),
		item("b", "Bouw BV", nil, "Dorpsstraat 1, 1234 AB", 30_000, "2026-02-10"),
		item("c", "Bouw BV", nil, "Kerkweg 1, 9999 ZZ", 30_000, "2026-01-10"),
		item("d", "Bouw BV", nil, "Kerkweg 1, 9999 ZZ", 30_000, "2026-02-10"),
	}
	got := DetectSplits(items, pol)
	if ids := groupIDs(items, got); fmt.Sprint(ids) != "[[a b]]" {
		t.Fatalf("groups %v, want only the risk-area pair [[a b]]", ids)
	}
	if got[0].Threshold != 50_000_00 || got[0].Total != 60_000_00 {
		t.Errorf("threshold %d total %d, want 5000000 and 6000000", got[0].Threshold, got[0].Total)
	}
}

func TestPolicyAppliesAndOutdated(t *testing.T) {
	pol := DefaultPolicy()
	pol.Types = []string{"drank_horecavergunning", "omgevingsvergunning"}
	if ok, why := pol.Applies("drank_horecavergunning", "x", 0); !ok {
		t.Errorf("horeca licence in scope does not apply (%s)", why)
	}
	if ok, why := pol.Applies("omgevingsvergunning", "x", 400_000_00); ok || why != "amount" {
		t.Errorf("building below threshold: %v %s", ok, why)
	}
	if ok, why := pol.Applies("subsidie", "x", 900_000_00); ok || why != "type" {
		t.Errorf("type out of scope: %v %s", ok, why)
	}
	pol.UpdatedOn = "2018-05-01"
	if got := pol.Outdated("2026-11-23"); len(got) != 3 || got[0].ID != "tranche1_2020" {
		t.Errorf("policy of 2018 is outdated by %v, want the 2020, 2022 and 2024 changes", got)
	}
	pol.UpdatedOn = "2024-02-01"
	if got := pol.Outdated("2026-11-23"); len(got) != 0 {
		t.Errorf("policy of 2024 reported outdated by %v", got)
	}
}

func TestNormalisation(t *testing.T) {
	if a, b := normAddress("Dorpsstr. 1, 1234 AB Voorbeeldstad"), normAddress("dorpsstraat 1 1234ab voorbeeldstad"); a != b {
		t.Errorf("%q != %q", a, b)
	}
	if a, b := partyKey("Bouw B.V.", ""), partyKey("bouw bv", ""); a != b {
		t.Errorf("%q != %q", a, b)
	}
	ps, err := parseParties("Alfa Holding B.V. (12345678); Beta (KvK 87654321); Gamma")
	if err != nil || len(ps) != 3 || ps[0].KvK != "12345678" || ps[1].KvK != "87654321" || ps[2].Name != "Gamma" {
		t.Errorf("parties %+v, %v", ps, err)
	}
	if _, err := parseParties("Alfa (1234)"); err == nil {
		t.Error("a KvK number of 4 digits accepted")
	}
}
