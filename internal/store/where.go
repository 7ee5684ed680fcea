package store

import (
	"strconv"
	"strings"
)

// Where builds the WHERE clause of a query whose filters are optional. Each
// condition is written with ? for its arguments; Add numbers them $n in
// order, so that callers never count placeholders by hand.
type Where struct {
	conds []string
	args  []any
}

// NewWhere starts a clause with its first condition, normally the scope's
// organisation filter.
func NewWhere(cond string, args ...any) *Where {
	w := &Where{}
	w.Add(cond, args...)
	return w
}

// Add appends a condition; each ? in cond takes the next argument. An
// argument may be used twice by giving it twice.
func (w *Where) Add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// SQL returns the conditions joined with AND, without the WHERE keyword.
func (w *Where) SQL() string { return strings.Join(w.conds, " AND ") }

// Args returns the arguments in placeholder order.
func (w *Where) Args() []any { return w.args }
