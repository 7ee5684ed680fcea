package people

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Certificate is an attachment to a recorded training; its content is
// sealed with the organisation's vault key.
type Certificate struct {
	ID          string
	Filename    string
	ContentType string
	Size        int
}

// MaxCertificateBytes is the largest certificate accepted.
const MaxCertificateBytes = 5 << 20

// certificateTypes are the accepted kinds, by what the content is (sniffed),
// not what the upload claims.
var certificateTypes = map[string]string{
	"application/pdf": ".pdf",
	"image/png":       ".png",
	"image/jpeg":      ".jpg",
}

func certificateAAD(id string) []byte { return []byte("training_certificate:" + id + ":content") }

// AddCertificate attaches a certificate to a recorded training
// (people.manage): a PDF, PNG or JPEG of at most MaxCertificateBytes.
func (s *Store) AddCertificate(ctx context.Context, sc *auth.Scope, attendanceID, filename string, data []byte) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_attendance WHERE org_id = $1 AND id = $2`, sc.OrgID, attendanceID).Scan(&n); err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	if n == 0 {
		return "", apperr.New(apperr.NotFound, "people.training.err.attendance_not_found")
	}
	if len(data) == 0 {
		return "", apperr.FieldErr("certificate", "people.training.err.certificate_empty")
	}
	if len(data) > MaxCertificateBytes {
		return "", &apperr.Error{Code: apperr.TooLarge, Key: "people.training.err.certificate_too_large", Field: "certificate", Args: []any{MaxCertificateBytes >> 20}}
	}
	ctype := http.DetectContentType(data)
	if i := strings.IndexByte(ctype, ';'); i >= 0 {
		ctype = ctype[:i]
	}
	ext, ok := certificateTypes[ctype]
	if !ok {
		return "", apperr.FieldErr("certificate", "people.training.err.certificate_type")
	}
	name := strings.TrimSpace(filepath.Base(strings.ReplaceAll(filename, "\\", "/")))
	if name == "" || name == "." || len(name) > 200 {
		name = "certificaat" + ext
	}
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		sealed, err := s.vault.Seal(ctx, tx, sc.OrgID, keyID, data, certificateAAD(id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_certificates (id, org_id, attendance_id, filename, content_type, size, key_id, sealed, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, sc.OrgID, attendanceID, name, ctype, len(data), keyID, sealed, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".training.certificate_add", "training_certificate", id)
	})
	return id, err
}

// OpenCertificate returns a certificate's content for download and audits
// the download. A teamleider may open certificates of their own teams'
// people only; others are not found.
func (s *Store) OpenCertificate(ctx context.Context, sc *auth.Scope, id string) (*Certificate, []byte, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, nil, err
	}
	c := &Certificate{}
	var keyID, team string
	var sealed []byte
	err = s.db.Read.QueryRowContext(ctx, `SELECT c.filename, c.content_type, c.size, c.key_id, c.sealed, e.team_id
		FROM training_certificates c JOIN training_attendance a ON a.id = c.attendance_id AND a.org_id = c.org_id
		JOIN employees e ON e.id = a.employee_id AND e.org_id = a.org_id
		WHERE c.org_id = $1 AND c.id = $2`, sc.OrgID, id).Scan(&c.Filename, &c.ContentType, &c.Size, &keyID, &sealed, &team)
	if isNoRows(err) || (err == nil && !ts.Sees(team)) {
		return nil, nil, apperr.New(apperr.NotFound, "people.training.err.certificate_not_found")
	}
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	c.ID = id
	data, err := s.vault.Open(ctx, s.db.Read, sc.OrgID, keyID, sealed, certificateAAD(id))
	if err != nil {
		return nil, nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.record(ctx, tx, sc, area+".training.certificate_download", "training_certificate", id)
	})
	return c, data, err
}
