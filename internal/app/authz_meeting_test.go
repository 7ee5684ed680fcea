package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/meeting"
)

// --- LOO (issue 4.5): a meeting of A planned by A's coordinator, with a
// decided agenda item and minutes carrying a sentinel. {meetingID} and
// {itemID} are the organisation's: meeting.read decides for members of A.
// {minutesID} names the same meeting on the routes of the minutes'
// need-to-know list (writing the minutes, granting, revoking), which
// only the planner (the coordinator) is on. The
// item is decided, so a removal in the matrix is refused and the fixture
// stays whole. ---

const (
	sentinelMeetingTopic   = "Sentinel-loo-agendapunt-A"
	sentinelMeetingMinutes = "Sentinel-loo-notulen-A"
)

func init() {
	integritySentinels = append(integritySentinels, sentinelMeetingTopic, sentinelMeetingMinutes)
}

func (m *matrix) meetingFixtures(t *testing.T, coord *auth.Scope) {
	ms, ctx := m.h.App.Meeting, m.h.Ctx
	id, err := ms.Plan(ctx, coord, meeting.PlanInput{HeldOn: "2026-02-10", Participants: "gemeente\npolitie"})
	if err != nil {
		t.Fatal(err)
	}
	item, err := ms.AddTopic(ctx, coord, id, sentinelMeetingTopic)
	if err != nil {
		t.Fatal(err)
	}
	if err := ms.Decide(ctx, coord, id, item, "local", sentinelMeetingTopic); err != nil {
		t.Fatal(err)
	}
	if err := ms.SaveMinutes(ctx, coord, id, sentinelMeetingMinutes); err != nil {
		t.Fatal(err)
	}
	m.params["meetingID"], m.params["itemID"], m.params["minutesID"] = id, item, id
	m.owner["minutesID"] = coord.UserID
}

// maySeeMeeting decides the LOO's parameters for an actor of A: the
// meeting and its items are the organisation's (the route's permission
// decides); the minutes' list only for the users on it.
func (m *matrix) maySeeMeeting(ac *actor, p string) (handled, ok bool) {
	switch p {
	case "meetingID", "itemID":
		return true, true
	case "minutesID":
		return true, ac.user.ID == m.owner["minutesID"]
	}
	return false, false
}

// --- end of LOO fixtures ---
