package org

// SetAfterWrite makes fn run after each row an import writes; an error
// from fn fails the import there, as a crash halfway through would.
func SetAfterWrite(s *Store, fn func(written int) error) { s.afterWrite = fn }
