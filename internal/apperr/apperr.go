// Package apperr defines the application's error kinds once, so that the web
// layer can map them to HTTP statuses and Dutch messages in one place.
package apperr

import (
	"errors"
	"fmt"
)

// Code is the kind of an application error.
type Code string

// The error kinds. Each maps to one HTTP status in package web.
const (
	Invalid         Code = "invalid"         // bad input: 400 or 422
	NotFound        Code = "not_found"       // missing, or not visible to the actor: 404
	Unauthenticated Code = "unauthenticated" // no valid login: 401
	Forbidden       Code = "forbidden"       // known actor without permission: 403
	Conflict        Code = "conflict"        // state does not allow it: 409
	TooMany         Code = "too_many"        // throttled: 429
	TooLarge        Code = "too_large"       // request or file too large: 413
	Internal        Code = "internal"        // our fault: 500
)

// Error is an application error. Key names a message in the i18n catalogue;
// Field names the form field or column the message is about, Row the row of
// an import. Args fill the message's placeholders.
type Error struct {
	Code  Code
	Key   string
	Field string
	Row   int
	Args  []any
	Err   error // the underlying cause, never shown to users
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Row > 0 {
		s += fmt.Sprintf(" [rij %d]", e.Row)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind with a catalogue key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Field returns an Invalid error about one input field.
func FieldErr(field, key string, args ...any) *Error {
	return &Error{Code: Invalid, Key: key, Field: field, Args: args}
}

// Wrap returns an Internal error that keeps err as its cause.
func Wrap(err error, key string) *Error {
	return &Error{Code: Internal, Key: key, Err: err}
}

// CodeOf returns the kind of err, Internal for errors that are not ours.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an *Error, wrapping foreign errors as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Is reports whether err is an application error of the given kind.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// List collects several field or row errors, for forms and imports that
// report every problem at once.
type List []*Error

func (l List) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	return fmt.Sprintf("%d fouten, eerste: %v", len(l), l[0])
}

// Err returns nil for an empty list and the list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
