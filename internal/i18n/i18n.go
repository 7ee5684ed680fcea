// Package i18n holds the message catalogue: every text a user reads, Dutch
// first and English second. Code and templates refer to messages by key.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed messages
var files embed.FS

// Lang is a catalogue language.
type Lang string

// The supported languages; Dutch is the default.
const (
	NL Lang = "nl"
	EN Lang = "en"
)

var catalogues = map[Lang]map[string]string{}

func init() {
	for _, l := range []Lang{NL, EN} {
		catalogues[l] = load(l)
	}
}

// load merges the language's catalogue files, one per area of the product
// (messages/nl/*.json), and refuses a key defined twice.
func load(l Lang) map[string]string {
	dir := "messages/" + string(l)
	entries, err := files.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		b, err := files.ReadFile(dir + "/" + e.Name())
		if err != nil {
			panic(err)
		}
		part := map[string]string{}
		if err := json.Unmarshal(b, &part); err != nil {
			panic(fmt.Sprintf("i18n: %s/%s: %v", l, e.Name(), err))
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				panic(fmt.Sprintf("i18n: key %q defined twice in %s", k, dir))
			}
			m[k] = v
		}
	}
	return m
}

// T returns the message for key in lang, formatted with args. A key missing
// from lang falls back to Dutch, and a key missing from Dutch is returned as
// is so that the gap is visible (and caught by the catalogue test).
func T(lang Lang, key string, args ...any) string {
	msg, ok := catalogues[lang][key]
	if !ok {
		msg, ok = catalogues[NL][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether the Dutch catalogue has key.
func Has(key string) bool {
	_, ok := catalogues[NL][key]
	return ok
}

// Keys returns the keys of a language's catalogue, sorted.
func Keys(lang Lang) []string {
	var ks []string
	for k := range catalogues[lang] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Parse picks the catalogue language for an Accept-Language header or a
// stored preference; anything that is not English is Dutch.
func Parse(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return EN
	}
	return NL
}
