// Package corpus generates realistic synthetic COE repositories for
// benchmarks and load tests: deterministic, about 5 KB a file, valid at
// their status, with comments and blank lines like hand-edited files.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

var words = strings.Fields(`the customer order payment speaker group playback firmware token
release rollout support agent status page queue retry timeout carrier package refund
delivery prescription clinic partner voicemail reminder call database cache replica
region deploy alarm dashboard threshold runbook escalation ticket message email error
rate latency capacity shard index migration config flag canary rollback households`)

var statuses = []string{"draft", "review", "approved", "closed"}

func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := words[r.IntN(len(words))]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

func paragraph(r *rand.Rand, sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = sentence(r, 8+r.IntN(10))
	}
	return strings.Join(s, " ")
}

// COE returns the i-th synthetic COE of a corpus.
func COE(i int) *coe.COE {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", -6*3600)).Add(time.Duration(i) * 97 * time.Minute)
	status := statuses[i%4]
	n := int64(1000 + r.IntN(100000))
	c := &coe.COE{
		Version: 1, Title: fmt.Sprintf("%s %d", sentence(r, 5), i), Status: status, Severity: fmt.Sprintf("sev%d", 1+i%4),
		Authors: []string{"dana"}, Reviewers: []string{"li.wei"}, Tags: []string{words[i%len(words)], "synthetic"},
		Services: []string{words[(i+7)%len(words)]},
		Incident: coe.Incident{StartedAt: start, DetectedAt: start.Add(20 * time.Minute),
			MitigatedAt: start.Add(2 * time.Hour), ResolvedAt: start.Add(5 * time.Hour)},
		WhatHappened: paragraph(r, 4) + "\n\n" + paragraph(r, 3) + "\n",
		Impact: coe.Impact{Customers: paragraph(r, 3), Business: paragraph(r, 2), CustomersAffected: &n,
			Communication: paragraph(r, 1)},
		RootCause:      coe.RootCause{Summary: paragraph(r, 3)},
		SupportingData: []coe.SupportingData{{Title: sentence(r, 4), Link: fmt.Sprintf("https://dash.example.com/d/%d", i), Note: sentence(r, 12)}},
		Implications:   coe.Implications{Security: "None: " + sentence(r, 12), Other: sentence(r, 14)},
	}
	c.ID = coe.BaseID(c, start)
	for k := 0; k < 6; k++ {
		c.Timeline = append(c.Timeline, coe.TimelineEntry{At: start.Add(time.Duration(k) * 50 * time.Minute), Event: sentence(r, 10)})
	}
	for k := 0; k < 5; k++ {
		c.RootCause.Whys = append(c.RootCause.Whys, "Why "+strings.ToLower(sentence(r, 9)))
	}
	for k := 0; k < 3; k++ {
		c.Lessons = append(c.Lessons, sentence(r, 12))
	}
	for k := 0; k < 4; k++ {
		a := coe.CorrectiveAction{ID: fmt.Sprintf("CA-%d", k+1), Action: sentence(r, 10), Owner: "dana",
			Due: coe.DateOf(start.AddDate(0, 1, k)), Priority: coe.Priorities()[k%3], Status: "open",
			Tracker: fmt.Sprintf("OPS-%d", i*10+k)}
		if status == "closed" || k == 0 {
			a.Status, a.DoneAt = "done", coe.DateOf(start.AddDate(0, 0, 20+k))
		}
		c.CorrectiveActions = append(c.CorrectiveActions, a)
	}
	if status == "approved" || status == "closed" {
		c.ApprovedBy, c.ApprovedAt = "li.wei", start.AddDate(0, 0, 10)
	}
	return c
}

// File returns the i-th synthetic COE file: the fixed layout plus a few
// hand-written comments.
func File(i int) []byte {
	data, err := coe.Marshal(COE(i))
	if err != nil {
		panic(err) // the corpus is ours: a failure here is a bug
	}
	s := strings.Replace(string(data), "\nincident:\n", "\n# times from the pager\nincident:\n", 1)
	s = strings.Replace(s, "  - id: CA-2\n", "  # agreed in the review meeting\n  - id: CA-2\n", 1)
	return []byte(s)
}

// WriteRepo writes a repository of n synthetic COEs into dir: .coe.yaml and
// coes/<id>.yaml.
func WriteRepo(dir string, n int) error {
	if err := os.MkdirAll(filepath.Join(dir, "coes"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, coe.ConfigName), coe.MarshalConfig(coe.DefaultConfig()), 0o644); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		c := COE(i)
		if err := os.WriteFile(filepath.Join(dir, "coes", c.ID+".yaml"), File(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}
