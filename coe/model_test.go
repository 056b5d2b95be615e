package coe

import (
	"slices"
	"testing"
)

// Actions across COEs sort by due date (none last), COE, then number:
// CA-2 before CA-10, odd ids after the numbered ones.
func TestActionOrder(t *testing.T) {
	type act struct {
		due     Date
		coe, id string
	}
	d := func(s string) Date {
		if s == "" {
			return Date{}
		}
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	got := []act{
		{d(""), "a", "CA-1"},
		{d("2025-01-02"), "a", "CA-10"},
		{d("2025-01-02"), "b", "CA-1"},
		{d("2025-01-02"), "a", "later"},
		{d("2025-01-02"), "a", "CA-2"},
		{d("2025-01-01"), "z", "CA-3"},
		{d("2025-01-02"), "a", "CA-"},
	}
	want := []act{
		{d("2025-01-01"), "z", "CA-3"},
		{d("2025-01-02"), "a", "CA-2"},
		{d("2025-01-02"), "a", "CA-10"},
		{d("2025-01-02"), "a", "CA-"},
		{d("2025-01-02"), "a", "later"},
		{d("2025-01-02"), "b", "CA-1"},
		{d(""), "a", "CA-1"},
	}
	slices.SortStableFunc(got, func(a, b act) int { return ActionOrder(a.due, a.coe, a.id, b.due, b.coe, b.id) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted:\n%v\nwant:\n%v", got, want)
	}
}
