package auth

import "github.com/weerbaar/weerbaar/internal/audit"

func auditEntry(userID, action, result string) audit.Entry {
	return audit.Entry{ActorID: userID, Action: action, ObjectType: "user", ObjectID: userID, Result: result}
}
