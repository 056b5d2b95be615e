package coe

import (
	"fmt"
	"slices"
	"testing"
	"time"
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

// TestDateString formats dates as fmt's %04d-%02d-%02d did, in the fast
// path (years 0-9999) and out of it (negative and five-digit years, months
// and days out of range, as a Date made by hand may hold), and the zero
// date as "".
func TestDateString(t *testing.T) {
	if got := (Date{}).String(); got != "" {
		t.Errorf("zero date: %q", got)
	}
	for _, y := range []int{-10000, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 1999, 2024, 9999, 10000, 123456} {
		for _, m := range []time.Month{-1, 0, 1, 9, 10, 12, 13, 99, 100} {
			for _, d := range []int{-1, 0, 1, 9, 10, 28, 31, 99, 100} {
				date := Date{y, m, d}
				if date.IsZero() {
					continue
				}
				if got, want := date.String(), fmt.Sprintf("%04d-%02d-%02d", y, m, d); got != want {
					t.Errorf("%v: %q, want %q", [3]int{y, int(m), d}, got, want)
				}
			}
		}
	}
}
