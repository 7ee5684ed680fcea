package org

import (
	"io"

	"github.com/weerbaar/weerbaar/internal/tabular"
)

// The reading of CSV and XLSX files is the platform's (package tabular);
// these names keep the import's own vocabulary.

// Format is the kind of file an import reads.
type Format = tabular.Format

// The import formats.
const (
	CSV  = tabular.CSV
	XLSX = tabular.XLSX
)

// FormatOf picks the format from a file name's extension.
func FormatOf(name string) (Format, error) { return tabular.FormatOf(name) }

// Limits on an import file; see package tabular.
const (
	MaxImportBytes   = tabular.MaxBytes
	MaxImportRows    = tabular.MaxRows
	MaxImportColumns = tabular.MaxColumns
)

type (
	sheet    = tabular.Sheet
	sheetRow = tabular.Row
)

func readSheet(r io.Reader, f Format) (*sheet, error) {
	return tabular.Read(r, f)
}
