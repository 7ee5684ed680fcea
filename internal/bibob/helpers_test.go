package bibob_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

func asList(err error) apperr.List {
	if l, ok := err.(apperr.List); ok {
		return l
	}
	return nil
}

// uploadRequest is a multipart form post of one file, as the import form
// sends it.
func uploadRequest(t *testing.T, path, name, content, mode string) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.WriteField("mode", mode)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}
