package meeting

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/web"
)

// flashSaved is shown after every successful change.
const flashSaved = "flash.meeting_saved"

// viewFunc builds a page with a form (web.FormView).
type viewFunc = web.FormView

// show serves a page without a submission.
func show(view viewFunc) web.Handler { return web.Show(view) }

// submit runs do on a posted form (web.Submit) with the capability's flash.
func submit(w http.ResponseWriter, r *http.Request, view viewFunc, to func() string, do func(f url.Values) error) error {
	return web.Submit(w, r, view, to, flashSaved, do)
}

func to(path string) func() string { return func() string { return path } }

// listData is the list of meetings with the cycle's proposals and the
// planning form.
type listData struct {
	Meetings   []Meeting
	Proposals  []string
	CycleWeeks int
	Members    []Member
}

func (s *Store) listView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	ms, err := s.Meetings(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	props, err := s.Proposals(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	st, err := s.settings(r.Context(), s.db.Read, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	var members []Member
	if sc.Can(auth.MeetingManage) {
		if members, err = s.Members(r.Context(), sc); err != nil {
			return web.View{}, err
		}
	}
	if form == nil {
		form = url.Values{"loo_participants": {"gemeente\npolitie\nRIEC"}}
		if len(props) > 0 {
			form.Set("loo_date", props[0])
		}
	}
	return web.View{Name: "loo_list", TitleKey: "loo.list.title", Form: form, Err: ferr,
		Data: listData{Meetings: ms, Proposals: props, CycleWeeks: st.CycleWeeks, Members: members}}, nil
}

func (s *Store) listPage(w http.ResponseWriter, r *http.Request) error { return show(s.listView)(w, r) }

func (s *Store) planPost(w http.ResponseWriter, r *http.Request) error {
	var id string
	return submit(w, r, s.listView, func() string { return "/loo/" + id }, func(f url.Values) error {
		var err error
		id, err = s.Plan(r.Context(), web.ScopeOf(r), PlanInput{HeldOn: f.Get("loo_date"), StartTime: f.Get("loo_time"), Place: f.Get("loo_place"),
			Participants: f.Get("loo_participants"), MemberIDs: f["loo_members"]})
		return err
	})
}

func (s *Store) settingsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	st, err := s.Settings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"loo_cycle_weeks": {itoa(st.CycleWeeks)}}
	}
	return web.View{Name: "loo_settings", TitleKey: "loo.settings.title", Form: form, Err: ferr}, nil
}

func (s *Store) settingsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.settingsView)(w, r)
}

func (s *Store) settingsPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.settingsView, to("/loo"), func(f url.Values) error {
		return s.SaveSettings(r.Context(), web.ScopeOf(r), f.Get("loo_cycle_weeks"))
	})
}

// meetingData is one meeting with its agenda, the report candidates and
// whether the viewer may read the minutes.
type meetingData struct {
	Meeting    *Meeting
	Items      []Item
	Candidates []ReportRef
	Connected  bool
	MayMinutes bool
	Base       string
}

func (s *Store) meetingView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	id := r.PathValue("meetingID")
	m, err := s.Meeting(r.Context(), sc, id)
	if err != nil {
		return web.View{}, err
	}
	items, err := s.Items(r.Context(), sc, id)
	if err != nil {
		return web.View{}, err
	}
	cands, err := s.Candidates(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	// Reports already on this agenda are not offered again.
	var free []ReportRef
	for _, c := range cands {
		on := false
		for _, it := range items {
			on = on || it.ReportID == c.ID
		}
		if !on {
			free = append(free, c)
		}
	}
	may, err := s.MayReadMinutes(r.Context(), sc, m)
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "loo_meeting", TitleKey: "loo.meeting.title", Form: form, Err: ferr,
		Data: meetingData{Meeting: m, Items: items, Candidates: free, Connected: s.ReportsConnected(), MayMinutes: may, Base: "/loo/" + id}}, nil
}

func (s *Store) meetingPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.meetingView)(w, r)
}

func (s *Store) statusPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("meetingID")
	return submit(w, r, s.meetingView, to("/loo/"+id), func(f url.Values) error {
		return s.SetStatus(r.Context(), web.ScopeOf(r), id, f.Get("loo_status"))
	})
}

func (s *Store) topicPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("meetingID")
	return submit(w, r, s.meetingView, to("/loo/"+id), func(f url.Values) error {
		_, err := s.AddTopic(r.Context(), web.ScopeOf(r), id, f.Get("loo_topic"))
		return err
	})
}

func (s *Store) reportPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("meetingID")
	return submit(w, r, s.meetingView, to("/loo/"+id), func(f url.Values) error {
		_, err := s.AddReport(r.Context(), web.ScopeOf(r), id, f.Get("loo_report"))
		return err
	})
}

func (s *Store) removePost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("meetingID")
	return submit(w, r, s.meetingView, to("/loo/"+id), func(url.Values) error {
		return s.RemoveItem(r.Context(), web.ScopeOf(r), id, r.PathValue("itemID"))
	})
}

// itemData is one agenda item with the forms for its decision and actions.
type itemData struct {
	Meeting   *Meeting
	Item      *Item
	Decisions []string
	Members   []Member
	Base      string
}

func (s *Store) itemView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	mid, iid := r.PathValue("meetingID"), r.PathValue("itemID")
	m, err := s.Meeting(r.Context(), sc, mid)
	if err != nil {
		return web.View{}, err
	}
	it, err := s.Item(r.Context(), sc, mid, iid)
	if err != nil {
		return web.View{}, err
	}
	var members []Member
	if sc.Can(auth.MeetingManage) {
		if members, err = s.Members(r.Context(), sc); err != nil {
			return web.View{}, err
		}
	}
	if form == nil {
		form = url.Values{"loo_decision": {it.Decision}, "loo_reason": {it.Reason}, "loo_owner": {sc.UserID}}
	}
	return web.View{Name: "loo_item", TitleKey: "loo.item.title", Form: form, Err: ferr,
		Data: itemData{Meeting: m, Item: it, Decisions: Decisions, Members: members, Base: "/loo/" + mid + "/agenda/" + iid}}, nil
}

func (s *Store) itemPage(w http.ResponseWriter, r *http.Request) error { return show(s.itemView)(w, r) }

func (s *Store) decidePost(w http.ResponseWriter, r *http.Request) error {
	mid, iid := r.PathValue("meetingID"), r.PathValue("itemID")
	return submit(w, r, s.itemView, to("/loo/"+mid+"/agenda/"+iid), func(f url.Values) error {
		return s.Decide(r.Context(), web.ScopeOf(r), mid, iid, f.Get("loo_decision"), f.Get("loo_reason"))
	})
}

func (s *Store) actionPost(w http.ResponseWriter, r *http.Request) error {
	mid, iid := r.PathValue("meetingID"), r.PathValue("itemID")
	return submit(w, r, s.itemView, to("/loo/"+mid+"/agenda/"+iid), func(f url.Values) error {
		_, err := s.CreateAction(r.Context(), web.ScopeOf(r), mid, iid, ActionInput{Title: f.Get("loo_action_title"),
			OwnerID: f.Get("loo_owner"), DueDate: f.Get("loo_due")})
		return err
	})
}

func (s *Store) riecExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	format := r.URL.Query().Get("formaat")
	if format == "" {
		format = "json"
	}
	sig, err := s.ExportRIEC(r.Context(), sc, r.PathValue("meetingID"), r.PathValue("itemID"), format)
	if err != nil {
		return err
	}
	if format == "json" {
		w.Header().Set("Content-Disposition", `attachment; filename="riec-signaal-`+safeName(sig.Reference)+`.json"`)
		w.Header().Set("Cache-Control", "no-store")
		return web.JSON(w, http.StatusOK, sig)
	}
	return export.Serve(w, format, "riec-signaal-"+sig.Reference, sig.Document(sc, web.LangOf(r)))
}

// safeName keeps letters, digits and dashes of a reference for a file name.
func safeName(s string) string {
	out := make([]rune, 0, len(s))
	for _, c := range s {
		if c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
			out = append(out, c)
		}
	}
	return string(out)
}

func (s *Store) exportList(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	q := r.URL.Query()
	table := q.Get("tabel")
	if table != "" && table != "meetings" && table != "decisions" {
		return apperr.List{apperr.FieldErr("tabel", "loo.export.table_invalid")}
	}
	format := q.Get("formaat")
	if format == export.CSV && table == "" {
		table = "decisions"
	}
	if _, ok := map[string]bool{export.CSV: true, export.XLSX: true, export.PDF: true}[format]; !ok {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	doc, err := s.ExportDocument(r.Context(), sc, table, web.LangOf(r))
	if err != nil {
		return err
	}
	name := "loo-" + sc.OrgSlug
	if table != "" {
		name += "-" + table
	}
	return export.Serve(w, format, name, doc)
}

func (s *Store) decisionsPage(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.DecisionList(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "loo_decisions", TitleKey: "loo.decisions.title", Data: ds})
}

// minutesData is the minutes page: the text, or the shielded notice.
type minutesData struct {
	Meeting *Meeting
	Minutes Minutes
	Grants  []auth.Grant
	Members []Member
	Base    string
}

func (s *Store) minutesView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	id := r.PathValue("meetingID")
	if id == "" {
		id = r.PathValue("minutesID")
	}
	m, err := s.Meeting(r.Context(), sc, id)
	if err != nil {
		return web.View{}, err
	}
	min, err := s.ReadMinutes(r.Context(), sc, id)
	if err != nil {
		return web.View{}, err
	}
	d := minutesData{Meeting: m, Minutes: min, Base: "/loo/" + id + "/notulen"}
	if !min.Shielded {
		if d.Grants, err = s.AccessList(r.Context(), sc, id); err != nil {
			return web.View{}, err
		}
		if d.Members, err = s.Members(r.Context(), sc); err != nil {
			return web.View{}, err
		}
		if form == nil {
			form = url.Values{"loo_minutes": {min.Text}}
		}
	}
	return web.View{Name: "loo_minutes", TitleKey: "loo.minutes.title", Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) minutesPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.minutesView)(w, r)
}

func (s *Store) minutesPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("minutesID")
	return submit(w, r, s.minutesView, to("/loo/"+id+"/notulen"), func(f url.Values) error {
		return s.SaveMinutes(r.Context(), web.ScopeOf(r), id, f.Get("loo_minutes"))
	})
}

func (s *Store) grantPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("minutesID")
	return submit(w, r, s.minutesView, to("/loo/"+id+"/notulen"), func(f url.Values) error {
		return s.Grant(r.Context(), web.ScopeOf(r), id, f.Get("access_user"), f.Get("reason"))
	})
}

func (s *Store) revokePost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("minutesID")
	return submit(w, r, s.minutesView, to("/loo/"+id+"/notulen"), func(f url.Values) error {
		return s.Revoke(r.Context(), web.ScopeOf(r), id, f.Get("access_user"), f.Get("revoke_reason"))
	})
}
