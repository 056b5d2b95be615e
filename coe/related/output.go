package related

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/table"
)

// jsonSuggestion is one suggestion in `coe related --json`.
type jsonSuggestion struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Score          float64  `json:"score"`
	TextScore      float64  `json:"text_score"`
	Reasons        []string `json:"reasons"`
	Services       []string `json:"services"`
	Tags           []string `json:"tags"`
	Factors        []string `json:"factors"`
	Words          []string `json:"words"`
	AlreadyRelated bool     `json:"already_related"`
}

// WriteJSON prints suggestions as `coe related --json` does: a list of
// {id, title, score, text_score, reasons, services, tags, factors, words,
// already_related}, indented.
func WriteJSON(w io.Writer, sugs []Suggestion) error {
	list := make([]jsonSuggestion, len(sugs))
	for i, s := range sugs {
		list[i] = jsonSuggestion{ID: s.ID, Title: s.Title, Score: s.Score, TextScore: s.TextScore, Reasons: s.Reasons(),
			Services: s.Services, Tags: s.Tags, Factors: s.Factors, Words: s.Words, AlreadyRelated: s.AlreadyRelated}
	}
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// WriteText prints suggestions as a table: score, id, title (cut to 50
// columns) and the reasons on one line, "already related" first when it
// is. Every cell is made printable.
func WriteText(w io.Writer, st table.Style, sugs []Suggestion) error {
	rows := make([][]string, len(sugs))
	for i, s := range sugs {
		reasons := s.Reasons()
		if s.AlreadyRelated {
			reasons = append([]string{"already related"}, reasons...)
		}
		rows[i] = []string{fmt.Sprintf("%.2f", s.Score), table.Cell(s.ID), table.CutToWidth(table.Cell(s.Title), 50), table.Cell(strings.Join(reasons, "; "))}
	}
	return table.Write(w, st, []string{"SCORE", "ID", "TITLE", "REASONS"}, rows)
}

// Picks resolves what `coe related --pick` names (ids, unique prefixes or
// paths) to ids of COEs in r's folder, for the related: list of the COE at
// path: not the COE itself, not a file elsewhere.
func Picks(r *coe.Repo, path string, picks []string) ([]string, error) {
	var ids []string
	for _, p := range picks {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		pp, err := r.Resolve(p)
		if err != nil {
			return nil, fmt.Errorf("--pick %q: %v", p, err)
		}
		id := KeyOf(pp)
		if filepath.Clean(pp) != r.PathOf(id) {
			return nil, fmt.Errorf("--pick %q: not a COE of this repository's %s folder; related: names COEs of this repository", p, r.Config.Dir)
		}
		if id == KeyOf(path) {
			return nil, fmt.Errorf("--pick %q: that is the COE itself; a COE is not related to itself", p)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("--pick: no COE given; expected ids like 2025-03-11-status-page-down-during-outage")
	}
	return ids, nil
}
