package report

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

type listData struct {
	List       []Summary
	Filter     Filter
	Categories []Category
	Statuses   []Status
	Channels   []Channel
}

func (s *Store) listPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := Filter{Category: Category(q.Get("categorie")), Status: Status(q.Get("status")), Channel: Channel(q.Get("kanaal"))}
	if !f.Category.Valid() {
		f.Category = ""
	}
	if !f.Channel.Valid() {
		f.Channel = ""
	}
	if !validStatus(f.Status) {
		f.Status = ""
	}
	list, err := s.List(r.Context(), web.ScopeOf(r), f)
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "intake_list", TitleKey: "report.list.title",
		Data: listData{List: list, Filter: f, Categories: Categories, Statuses: Statuses, Channels: Channels}})
}

func validStatus(st Status) bool {
	for _, x := range Statuses {
		if x == st {
			return true
		}
	}
	return false
}

// reportData is the handler's report page.
type reportData struct {
	Report     *Report
	Base       string
	Questions  []Question
	Messages   []Message
	Files      []Attachment // files of the intake itself
	Events     []Event
	Grants     []auth.Grant
	Colleagues []Colleague
	Identity   IdentityState
	Next       []Status
}

func (s *Store) reportView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	ctx, sc, id := r.Context(), web.ScopeOf(r), r.PathValue("reportID")
	rep, err := s.Get(ctx, sc, id, "behandeling")
	if err != nil {
		return web.View{}, err
	}
	d := reportData{Report: rep, Base: "/meldingen/" + id, Questions: Questions[rep.Category], Next: rep.Status.Next()}
	if d.Messages, err = s.messages(ctx, sc.OrgID, id, rep.keyID, true); err != nil {
		return web.View{}, err
	}
	files, err := s.attachments(ctx, sc.OrgID, id, rep.keyID)
	if err != nil {
		return web.View{}, err
	}
	for _, f := range files {
		if f.MessageID == "" {
			d.Files = append(d.Files, f)
		}
	}
	if d.Events, err = s.Events(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	if d.Grants, err = s.AccessList(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	if d.Colleagues, err = s.Handlers(ctx, sc); err != nil {
		return web.View{}, err
	}
	if d.Identity, err = s.Identity(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	return web.View{Name: "intake_report", TitleKey: "report.detail.title", Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) reportPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

// onReport runs a form post on a report page: back to the page on
// success, the page with the errors otherwise.
func (s *Store) onReport(w http.ResponseWriter, r *http.Request, flash string, do func(f url.Values) error) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if err := do(r.PostForm); err != nil {
		return s.again(w, r, s.reportView, r.PostForm, err)
	}
	return web.Redirect(w, r, "/meldingen/"+r.PathValue("reportID"), flash)
}

func (s *Store) statusPost(w http.ResponseWriter, r *http.Request) error {
	return s.onReport(w, r, "flash.report.status", func(f url.Values) error {
		return s.ChangeStatus(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), Status(f.Get("intake_status")), f.Get("reason"))
	})
}

// messagePost adds a handler's reply, feedback or internal note, with
// files (multipart, like the reporter's messages).
func (s *Store) messagePost(w http.ResponseWriter, r *http.Request) error {
	f, files, err := parseUpload(r)
	if err != nil {
		return err
	}
	sc, id := web.ScopeOf(r), r.PathValue("reportID")
	if f.Get("internal") == "feedback" {
		err = s.SendFeedback(r.Context(), sc, id, f.Get("intake_message"), files...)
	} else {
		err = s.AddHandlerMessage(r.Context(), sc, id, f.Get("internal") == "1", f.Get("intake_message"), files...)
	}
	if err != nil {
		return s.again(w, r, s.reportView, f, err)
	}
	return web.Redirect(w, r, "/meldingen/"+id, "flash.report.message_sent")
}

func (s *Store) grantPost(w http.ResponseWriter, r *http.Request) error {
	return s.onReport(w, r, "flash.report.granted", func(f url.Values) error {
		return s.Grant(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), f.Get("access_user"), f.Get("access_reason"))
	})
}

func (s *Store) revokePost(w http.ResponseWriter, r *http.Request) error {
	return s.onReport(w, r, "flash.report.revoked", func(f url.Values) error {
		return s.Revoke(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), f.Get("access_user"))
	})
}

func (s *Store) identityRequestPost(w http.ResponseWriter, r *http.Request) error {
	return s.onReport(w, r, "flash.report.identity_requested", func(f url.Values) error {
		return s.RequestIdentity(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), f.Get("motivation"))
	})
}

func (s *Store) fileDownload(w http.ResponseWriter, r *http.Request) error {
	f, err := s.Attachment(r.Context(), web.ScopeOf(r), r.PathValue("reportID"), r.PathValue("attachmentID"))
	if err != nil {
		return err
	}
	return serveFile(w, f)
}

// The vertrouwenspersoon's requests page.

func (s *Store) identityRequestsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	list, err := s.IdentityRequests(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "intake_identity_requests", TitleKey: "report.identity.requests_title", Form: form, Err: ferr, Data: list}, nil
}

func (s *Store) identityRequestsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.identityRequestsView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

// identityRequestView is one request with the form to decide on it.
func (s *Store) identityRequestView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	list, err := s.IdentityRequests(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	for _, q := range list {
		if q.ID == r.PathValue("requestID") {
			return web.View{Name: "intake_identity_request", TitleKey: "report.identity.request_title", Form: form, Err: ferr, Data: q}, nil
		}
	}
	return web.View{}, apperr.New(apperr.NotFound, "report.request_not_found")
}

func (s *Store) identityRequestPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.identityRequestView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) identityDecidePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	var err error
	switch f.Get("decision") {
	case "approve", "deny":
		err = s.DecideIdentity(r.Context(), web.ScopeOf(r), r.PathValue("requestID"), f.Get("decision") == "approve", f.Get("reason"))
	default:
		err = apperr.List{apperr.FieldErr("decision", "report.identity_choose")}
	}
	if err != nil {
		return s.again(w, r, s.identityRequestView, f, err)
	}
	return web.Redirect(w, r, "/identiteitsverzoeken", "flash.report.identity_decided")
}
