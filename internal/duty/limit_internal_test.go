package duty

import "testing"

// latestStart is the inverse of AddMonths that the langzitter check relies
// on: for every day over four years (two leap days, every month end) and
// several norms, d ≤ latestStart(on, n) exactly when d.AddMonths(n) < on.
func TestLatestStart(t *testing.T) {
	first := DateOf(2019, 1, 1)
	for _, n := range []int{1, 11, 12, 13, 36, 60, 61} {
		for on := first.AddMonths(n); on < first.AddMonths(n+48); on++ {
			l := latestStart(on, n)
			if !(l.AddMonths(n) < on) || (l+1).AddMonths(n) < on {
				t.Fatalf("norm %d on %s: latest start %s, but %s + %d months = %s and the next day gives %s",
					n, on, l, l, n, l.AddMonths(n), (l + 1).AddMonths(n))
			}
		}
	}
}

// The index answers the same whether it merges or hashes.
func TestIDIndex(t *testing.T) {
	ids := []string{"b", "d", "f"}
	x := &idIndex{}
	x.reset(ids)
	for _, tc := range []struct {
		id   string
		want int32
	}{{"a", -1}, {"b", 0}, {"b", 0}, {"c", -1}, {"f", 1 + 1}, {"d", 1}, {"g", -1}, {"a", -1}} {
		if got := x.find(tc.id); got != tc.want {
			t.Errorf("find(%q) = %d, want %d", tc.id, got, tc.want)
		}
	}
	if x.merge {
		t.Error("a lookup out of order did not switch to the map")
	}
	x.reset([]string{"d", "b", "b"})
	if x.merge || x.find("b") != 2 || x.find("d") != 0 || x.find("a") != -1 {
		t.Error("an unsorted column must be hashed, the last duplicate winning")
	}
	x.reset([]string{"a", "b", "b"})
	if x.find("b") != 2 {
		t.Error("a sorted column with a duplicate must be hashed, the last duplicate winning")
	}
	// Reused for another column, the index forgets the old one.
	x.reset([]string{"x", "y"})
	if x.find("b") != -1 || x.find("y") != 1 || x.find("x") != 0 {
		t.Error("a reused index answers from the old column")
	}
}
