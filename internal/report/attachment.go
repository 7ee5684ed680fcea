package report

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Limits of attachments.
const (
	MaxFileSize = 10 << 20 // per file
	MaxFiles    = 5        // per report, over intake and later messages
	// MaxUploadBody is the request body limit of forms that carry files.
	MaxUploadBody = MaxFiles*MaxFileSize + 1<<20
)

// Upload is a file as submitted.
type Upload struct {
	Name string
	Data []byte
}

// allowedTypes are the types a report may carry, by sniffed content; the
// images are re-encoded, the others kept as they are and shown with a
// warning that they can hold hidden data.
var allowedTypes = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true,
	"application/pdf": true, "text/plain; charset=utf-8": true,
}

// preparedFile is a checked, cleaned file ready to be sealed.
type preparedFile struct {
	Name        string
	ContentType string
	Data        []byte
	Reencoded   bool
}

// prepareFiles checks every file (size, type by content, decodable image)
// and re-encodes images so that EXIF, GPS and other metadata are gone.
// existing is how many files the report already has. Every bad file is
// named in its own error; nothing is kept when any is bad.
func prepareFiles(files []Upload, existing int) ([]preparedFile, apperr.List) {
	var errs apperr.List
	var out []preparedFile
	if existing+len(files) > MaxFiles {
		return nil, apperr.List{apperr.FieldErr("intake_files", "report.file_too_many", MaxFiles)}
	}
	for _, f := range files {
		name := cleanName(f.Name)
		if len(f.Data) == 0 {
			errs = append(errs, apperr.FieldErr("intake_files", "report.file_empty", name))
			continue
		}
		if len(f.Data) > MaxFileSize {
			errs = append(errs, apperr.FieldErr("intake_files", "report.file_too_large", name, MaxFileSize>>20))
			continue
		}
		ct := http.DetectContentType(f.Data)
		if !allowedTypes[ct] {
			errs = append(errs, apperr.FieldErr("intake_files", "report.file_type", name))
			continue
		}
		p := preparedFile{Name: name, ContentType: ct, Data: f.Data}
		if strings.HasPrefix(ct, "image/") {
			data, err := reencode(ct, f.Data)
			if err != nil {
				errs = append(errs, apperr.FieldErr("intake_files", "report.file_broken", name))
				continue
			}
			p.Data, p.Reencoded = data, true
		}
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// reencode decodes an image and encodes its pixels afresh with the
// standard library, which writes no metadata: EXIF (camera, GPS
// position), XMP and comments are left behind.
func reencode(ct string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	switch ct {
	case "image/gif":
		g, err := gif.DecodeAll(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		g.Config.ColorModel = nil
		if err := gif.EncodeAll(&buf, g); err != nil {
			return nil, err
		}
	default:
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if ct == "image/png" {
			err = png.Encode(&buf, img)
		} else {
			err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
		}
		if err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// cleanName keeps the base name of an uploaded file, without control
// characters and at most 120 characters.
func cleanName(n string) string {
	n = filepath.Base(strings.ReplaceAll(n, "\\", "/"))
	n = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 {
			return -1
		}
		return r
	}, n)
	if n == "" || n == "." || n == "/" {
		n = "bijlage"
	}
	if utf8.RuneCountInString(n) > 120 {
		n = string([]rune(n)[:120])
	}
	return n
}

// insertFiles seals and writes prepared files in the caller's transaction.
func (s *Store) insertFiles(ctx context.Context, tx *sql.Tx, orgID, reportID, keyID, messageID string, files []preparedFile, now time.Time) error {
	for _, f := range files {
		id := store.NewID()
		name, err := s.vault.SealString(ctx, tx, orgID, keyID, f.Name, "report_attachments:"+id+":name")
		if err != nil {
			return err
		}
		data, err := s.vault.Seal(ctx, tx, orgID, keyID, f.Data, []byte("report_attachments:"+id+":data"))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_attachments (id, org_id, report_id, message_id, name, content_type, size, reencoded, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, orgID, reportID, messageID, name, f.ContentType, len(f.Data), f.Reencoded, data,
			store.Millis(now)); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
	}
	return nil
}

// Attachment is a file of a report as listed (without its bytes).
type Attachment struct {
	ID          string
	MessageID   string
	Name        string
	ContentType string
	Size        int64
	Reencoded   bool
	CreatedAt   time.Time
}

// Warn reports whether the file is shown with the warning that it can
// carry hidden data (everything that was not re-encoded).
func (a Attachment) Warn() bool { return !a.Reencoded }

// attachments lists a report's files with their names opened.
func (s *Store) attachments(ctx context.Context, orgID, reportID, keyID string) ([]Attachment, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, message_id, name, content_type, size, reencoded, created_at FROM report_attachments
		WHERE org_id = $1 AND report_id = $2 ORDER BY created_at, id`, orgID, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	type row struct {
		a    Attachment
		name []byte
	}
	var list []row
	for rows.Next() {
		var x row
		var at int64
		if err := rows.Scan(&x.a.ID, &x.a.MessageID, &x.name, &x.a.ContentType, &x.a.Size, &x.a.Reencoded, &at); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		x.a.CreatedAt = store.Time(at)
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	out := make([]Attachment, 0, len(list))
	for _, x := range list {
		n, err := s.vault.OpenString(ctx, s.db.Read, orgID, keyID, x.name, "report_attachments:"+x.a.ID+":name")
		if err != nil {
			return nil, err
		}
		x.a.Name = n
		out = append(out, x.a)
	}
	return out, nil
}

// File is a downloaded attachment.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// openFile reads and opens one attachment of a report and audits the
// download.
//
// For the reporter (reporter), files of internal notes do not exist.
func (s *Store) openFile(ctx context.Context, orgID, reportID, attID, actorID, actorLabel, reqID string, reporter bool) (*File, error) {
	var keyID string
	var name, data []byte
	f := &File{}
	err := s.db.Read.QueryRowContext(ctx, `SELECT r.key_id, a.name, a.content_type, a.data FROM report_attachments a JOIN reports r ON r.id = a.report_id
		WHERE a.org_id = $1 AND a.report_id = $2 AND a.id = $3 AND r.destroyed_at = 0
		AND NOT ($4 AND EXISTS (SELECT 1 FROM report_messages m WHERE m.org_id = a.org_id AND m.id = a.message_id AND m.internal))`,
		orgID, reportID, attID, reporter).Scan(&keyID, &name, &f.ContentType, &data)
	if err != nil {
		return nil, store.NotFound(err, "report.not_found")
	}
	if f.Name, err = s.vault.OpenString(ctx, s.db.Read, orgID, keyID, name, "report_attachments:"+attID+":name"); err != nil {
		return nil, err
	}
	if f.Data, err = s.vault.Open(ctx, s.db.Read, orgID, keyID, data, []byte("report_attachments:"+attID+":data")); err != nil {
		return nil, err
	}
	if err := s.audit.RecordTx(ctx, audit.Entry{OrgID: orgID, ActorID: actorID, ActorLabel: actorLabel, Action: area + ".attachment.read",
		ObjectType: ObjReport, ObjectID: reportID, Purpose: "bijlage:" + attID, Result: audit.ResultOK, RequestID: reqID}); err != nil {
		return nil, err
	}
	return f, nil
}

// Attachment returns a file of a report the scope handles (need-to-know).
func (s *Store) Attachment(ctx context.Context, sc *auth.Scope, reportID, attID string) (*File, error) {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return nil, err
	}
	return s.openFile(ctx, sc.OrgID, reportID, attID, sc.UserID, sc.UserName, sc.RequestID, false)
}

// serveFile sends a file as a download; the browser is told not to sniff
// or show it inline.
func serveFile(w http.ResponseWriter, f *File) error {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r > 126 {
			return '_'
		}
		return r
	}, f.Name)+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(f.Data)
	return err
}
