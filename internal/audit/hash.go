package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// hashDomain starts every hashed entry, so that an entry hash can never be
// mistaken for a hash of something else, and so that a later change of the
// encoding can use a new version without ambiguity.
const hashDomain = "weerbaar.audit.entry.v1"

// computeHash returns the hex SHA-256 of the entry's canonical encoding: the
// domain string, seq and time as 8-byte big-endian numbers, then every text
// field in a fixed order, each preceded by its length as an 8-byte number.
// The length prefixes make the encoding unambiguous: moving a character from
// one field to the next changes the hash.
func (e *Entry) computeHash() string {
	h := sha256.New()
	writeString(h, hashDomain)
	writeInt(h, e.Seq)
	writeInt(h, e.At.UnixMilli())
	for _, s := range [...]string{
		e.ID, e.OrgID, e.ActorID, e.ActorLabel, e.Action, e.ObjectType, e.ObjectID,
		e.Purpose, e.Result, e.RequestID, e.SpanID, e.PrevHash,
	} {
		writeString(h, s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeInt(h hash.Hash, n int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

func writeString(h hash.Hash, s string) {
	writeInt(h, int64(len(s)))
	h.Write([]byte(s))
}
