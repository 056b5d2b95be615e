package coe

import "bytes"

// Line ends. YAML takes LF, CRLF and a lone CR (old Mac files) each as one
// line break, so a file may end its lines any of these ways, or mix them.
// An edit works on the text with LF ends and gives each line back the end
// it had (see lineEnds).

// lineEnds are the line ends of a text, one per line, as toLF found them:
// "\n", "\r\n", "\r", or "" for a last line without one.
type lineEnds struct {
	ends []string
	// common is the end most lines have, for lines an edit adds.
	common string
}

// toLF returns data with every line break (CRLF, CR or LF) written LF, and
// the ends its lines had. A text with no CR is returned as it is, with
// ends nil: nothing to give back.
func toLF(data []byte) ([]byte, *lineEnds) {
	if bytes.IndexByte(data, '\r') < 0 {
		return data, nil
	}
	e := &lineEnds{}
	count := map[string]int{}
	out := make([]byte, 0, len(data))
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			out = append(out, data...)
			e.ends = append(e.ends, "")
			break
		}
		end := data[i : i+1]
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			end = data[i : i+2]
		}
		out = append(append(out, data[:i]...), '\n')
		e.ends = append(e.ends, string(end))
		count[string(end)]++
		data = data[i+len(end):]
	}
	// The most frequent end; on a tie, the first line's.
	for _, end := range e.ends {
		if end != "" && (e.common == "" || count[end] > count[e.common]) {
			e.common = end
		}
	}
	if e.common == "" {
		e.common = "\n"
	}
	return out, e
}

// restore gives out, an edit of the text whose LF lines are orig, the line
// ends of that text: a line the edit kept has the end it had, and a line it
// added or changed the most common one. With ends nil it returns out.
func (e *lineEnds) restore(orig []string, out []byte) []byte {
	if e == nil {
		return out
	}
	lines := splitLines(string(out))
	ends := make([]string, len(lines))
	for i := range ends {
		ends[i] = e.common
	}
	if hunks, ok := diffLines(orig, lines); ok {
		// Lines between the hunks are the same lines of both texts.
		i, j := 0, 0
		keep := func(upTo int) {
			for ; j < upTo; i, j = i+1, j+1 {
				if i < len(e.ends) {
					ends[j] = e.ends[i]
				}
			}
		}
		for _, h := range hunks {
			keep(h.B0)
			i, j = h.A1, h.B1
		}
		keep(len(lines))
	}
	var b bytes.Buffer
	b.Grow(len(out) + len(lines))
	for k, l := range lines {
		if l, ok := cutLF(l); ok {
			b.WriteString(l)
			b.WriteString(ends[k])
			continue
		}
		b.WriteString(l) // the last line, without an end
	}
	return b.Bytes()
}

func cutLF(l string) (string, bool) {
	if n := len(l); n > 0 && l[n-1] == '\n' {
		return l[:n-1], true
	}
	return l, false
}
