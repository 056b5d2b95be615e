package coe

import (
	"strings"
	"sync"
)

// Interner hands out one copy of each short string that recurs from COE to
// COE (statuses, owners, tags, services): a command that keeps a little of
// 100,000 COEs keeps each such word once, and nothing of the memory the
// COE was decoded from. Get and All are called between Lock and Unlock,
// from as many goroutines as need.
type Interner struct {
	mu   sync.Mutex
	seen map[string]string
}

// maxInterned caps the strings an Interner holds, and maxInternLen their
// length: past either, Get copies without keeping.
const (
	maxInterned  = 1 << 15
	maxInternLen = 64
)

// Lock and Unlock guard Get and All.
func (in *Interner) Lock()   { in.mu.Lock() }
func (in *Interner) Unlock() { in.mu.Unlock() }

// Get returns a copy of s, the same copy for every s alike while few.
func (in *Interner) Get(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxInternLen {
		return strings.Clone(s)
	}
	if v, ok := in.seen[s]; ok {
		return v
	}
	v := strings.Clone(s)
	if in.seen == nil {
		in.seen = map[string]string{}
	}
	if len(in.seen) < maxInterned {
		in.seen[v] = v
	}
	return v
}

// All is a copy of ss (nil for nil), each string from Get.
func (in *Interner) All(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = in.Get(s)
	}
	return out
}
