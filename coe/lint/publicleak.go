package lint

import (
	"net/netip"
	"sort"
	"strings"
	"unicode/utf8"
)

// Kinds of Leak: what an internal detail in public text is. They are
// stable: JSON output and scripts use them.
const (
	LeakIP      = "ip-address"    // 10.20.0.7, fe80::1
	LeakEmail   = "e-mail"        // dana@example.com
	LeakHost    = "internal-host" // db1.corp.example.net, under internal_domains:
	LeakName    = "name"          // a person: a handle, an owner, a name of the roster
	LeakTracker = "tracker-key"   // PAY-123, or a tracker value of the COE's actions
	LeakPath    = "file-path"     // /etc/nginx/nginx.conf, C:\deploy, ./run.sh
	LeakDenied  = "denied-word"   // a word of public: deny: in .coe.yaml
)

// A Leak is an internal detail found in a text meant for customers.
type Leak struct {
	// Kind is one of the Leak kinds (LeakIP, ...).
	Kind string
	// Text is the leak as written in the text.
	Text string
	// Offset is where Text starts in the text, in bytes.
	Offset int
	// Why says what made it a leak, when the kind alone does not: "an
	// author of this COE", "under corp.example.net of internal_domains".
	Why string
}

// LeakOptions say what is internal beyond what any text shows (addresses,
// paths, tracker keys): the organisation's domains, its people, the COE's
// trackers and a deny list. Leaks and NewLeakFinder take them.
type LeakOptions struct {
	// InternalDomains are domains whose hosts never appear in public
	// text: corp.example.net makes db1.corp.example.net and the domain
	// itself leaks (whole labels only: notcorp.example.net is not). Hosts
	// under the reserved names internal, local, localdomain, lan,
	// intranet, corp and home.arpa are leaks without configuration.
	InternalDomains []string
	// Names are people: handles (dana, li.wei), e-mails (their part before
	// the @) and full names (Alex Moreno), found as whole words without
	// regard to case. Names of fewer than three letters are left out
	// (al, ed would match too much).
	Names []string
	// Everyday are the names that are also everyday words (will, may,
	// page): such a name is a leak only written with a capital (Will,
	// WILL), so "we will" is not one. Nil means the built-in list (the
	// quality rules' everyday_names).
	Everyday []string
	// Trackers are the tracker values of the COE's actions (PAY-412,
	// #412, a URL), found as written, without regard to case.
	Trackers []string
	// Deny are words and phrases that must not appear (code names,
	// internal team names): whole words without regard to case; a * at
	// the end matches any ending.
	Deny []string
	// Allow are texts that look internal but are public (a support
	// address, a public status host, COVID-19): a leak whose text is one
	// of them, without regard to case, is not reported.
	Allow []string
}

// builtinInternal are the domains no public host can be under: special-use
// and private-use names (RFC 6762, RFC 8375, RFC 6762's appendix G). Only
// hosts under them are leaks, never the bare name ("the .local resolver").
var builtinInternal = []string{"internal", "local", "localdomain", "lan", "intranet", "corp", "home.arpa"}

// notTrackers are the prefixes of words shaped like a tracker key that
// name standards and public things: UTF-8, SHA-256, ISO-8601, COVID-19.
var notTrackers = map[string]bool{
	"AES": true, "ANSI": true, "CVE": true, "CWE": true, "COVID": true, "DES": true, "DIN": true, "EN": true,
	"FIPS": true, "GPT": true, "HDMI": true, "HTTP": true, "IEC": true, "IEEE": true, "ISO": true, "LTE": true,
	"MD": true, "NIST": true, "PCI": true, "RFC": true, "RSA": true, "SEV": true, "SHA": true, "SOC": true,
	"SSL": true, "TLS": true, "USB": true, "UTF": true, "WPA": true, "WCAG": true, "PKCS": true, "ECMA": true,
}

// A LeakFinder finds leaks in texts with options it was built from once.
// It is safe for concurrent use.
type LeakFinder struct {
	domains   map[string]string // lower-case domain -> why
	maxDomain int               // the longest key of domains
	names     []*matcher
	everyday  map[string]bool
	trackers  *matcher
	affixes   map[*entry][]affix // what a tracker has around its words (#412)
	deny      *matcher
	allow     map[string]bool // lower-case texts
}

// affix is what stands before a tracker value's first word and after its
// last: "#" and "" for #412.
type affix struct{ lead, trail string }

// NewLeakFinder builds a finder from options.
func NewLeakFinder(o LeakOptions) *LeakFinder {
	f := &LeakFinder{domains: map[string]string{}, everyday: map[string]bool{}, allow: map[string]bool{}}
	for _, d := range builtinInternal {
		f.addDomain("."+d, "a reserved name never used on the internet")
	}
	for _, d := range o.InternalDomains {
		f.addDomain(d, "under "+strings.ToLower(strings.Trim(strings.TrimSpace(d), "."))+" of internal_domains")
	}
	names := &matcher{}
	for _, n := range o.Names {
		names.addName(n, "")
	}
	f.names = []*matcher{names}
	everyday := o.Everyday
	if everyday == nil {
		everyday = builtinWords["everyday_names"]
	}
	for _, w := range everyday {
		f.everyday[normalize(w)] = true
	}
	f.trackers = &matcher{}
	for _, t := range o.Trackers {
		f.addTracker(t, "")
	}
	f.deny = newMatcher(o.Deny)
	for _, a := range o.Allow {
		if a = strings.TrimSpace(a); a != "" {
			f.allow[strings.ToLower(a)] = true
		}
	}
	return f
}

// addDomain adds a domain; a leading dot marks one whose bare name is no
// leak, only the hosts under it.
func (f *LeakFinder) addDomain(d, why string) {
	d = strings.ToLower(strings.TrimSpace(d))
	d = strings.TrimSuffix(d, ".")
	if strings.Trim(d, ".") == "" || len(d) > 254 {
		return
	}
	f.domains[d] = why
	f.maxDomain = max(f.maxDomain, len(d))
}

// addTracker adds a tracker value: its words go into the matcher, what
// stands around them is checked where they match.
func (f *LeakFinder) addTracker(t, why string) {
	t = strings.TrimSpace(t)
	var buf [8]token
	toks := appendTokens(buf[:0], t)
	if len(toks) == 0 || !f.trackers.add(t[toks[0].start:toks[len(toks)-1].end], why) {
		return
	}
	e, end := f.trackers.at(t, toks, 0)
	if e == nil || end != len(toks) {
		return
	}
	if f.affixes == nil {
		f.affixes = map[*entry][]affix{}
	}
	f.affixes[e] = append(f.affixes[e], affix{strings.ToLower(t[:toks[0].start]), strings.ToLower(t[toks[len(toks)-1].end:])})
}

// Leaks finds the internal details of a public text, in the order of the
// text, in time linear in its length: IP addresses, e-mail addresses,
// internal hosts, people's names, tracker keys, file paths and denied
// words (see LeakOptions). Where two overlap, the one that starts first
// (else the longer) is kept: dana@corp.example.net is one e-mail address.
//
// What is not a leak:
//   - a dotted number that is not four parts of 0-255 (1.2.3, 10.2.3.4.5,
//     256.1.1.1), or one written on a letter (v1.2.3.4: a version); a
//     version of four small parts without its v (firmware 14.1.2.0) is
//     taken for an address: write the v;
//   - a time (14:02, 14:02:33), which is no IPv6 address, nor a :: inside
//     a word (std::vector);
//   - a host outside internal_domains (status.example.com), a name that
//     only ends like one (notcorp.example.net);
//   - a name inside a longer word (dana in danahub); a name that is an
//     everyday word (will, may) written in lower case;
//   - a word shaped like a tracker key that names a standard (UTF-8,
//     SHA-256, ISO-8601, COVID-19, CVE-2024-1234);
//   - the path of a URL (https://status.example.com/incidents/2024), a
//     word with slashes that is no path (and/or, 24/7, 01/28/2024,
//     iOS/Android/web): a relative path needs a file extension
//     (src/pay/refund.go) or three slashes (a/b/c/d).
func Leaks(text string, o LeakOptions) []Leak { return NewLeakFinder(o).Find(text) }

// Find finds the leaks of text (see Leaks).
func (f *LeakFinder) Find(text string) []Leak { return f.find(text, nil) }

// find appends the leaks of text to out.
func (f *LeakFinder) find(text string, out []Leak) []Leak {
	start := len(out)
	out = findIPv4(text, out)
	out = findIPv6(text, out)
	out = findEmails(text, out)
	out = f.findHosts(text, out)
	out = findPaths(text, out)
	toks := tokenize(text)
	out = f.findWords(text, toks, out)
	found := out[start:]
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return len(a.Text) > len(b.Text)
	})
	kept := found[:0]
	end := -1
	for _, l := range found {
		if l.Offset < end || f.allow[strings.ToLower(l.Text)] {
			continue
		}
		kept = append(kept, l)
		end = l.Offset + len(l.Text)
	}
	return out[:start+len(kept)]
}

// runeBefore and runeAfter are the characters around text[i:j], or a space
// at either end.
func runeBefore(text string, i int) rune {
	if i <= 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

func runeAfter(text string, j int) rune {
	if j >= len(text) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	return r
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// findIPv4 finds dotted quads of 0-255 that stand alone: not on a letter
// or a digit, not part of a longer dotted number.
func findIPv4(text string, out []Leak) []Leak {
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && (isDigit(text[j]) || text[j] == '.') {
			j++
		}
		before := runeBefore(text, i)
		cand := strings.TrimRight(text[i:j], ".")
		if !isWordRune(before) && before != '.' && !isWordRune(runeAfter(text, i+len(cand))) && isQuad(cand) {
			out = append(out, Leak{Kind: LeakIP, Text: cand, Offset: i})
		}
		i = j
	}
	return out
}

// isQuad reports whether s is four dot-separated numbers of 1 to 3 digits,
// each at most 255.
func isQuad(s string) bool {
	parts := 0
	for len(s) > 0 {
		n, d := 0, 0
		for d < len(s) && isDigit(s[d]) {
			n = n*10 + int(s[d]-'0')
			d++
			if d > 3 {
				return false
			}
		}
		if d == 0 || n > 255 {
			return false
		}
		parts++
		s = s[d:]
		if len(s) > 0 {
			if s[0] != '.' || len(s) == 1 {
				return false
			}
			s = s[1:]
		}
	}
	return parts == 4
}

// maxIPv6 is the longest text of an IPv6 address (with an IPv4 tail).
const maxIPv6 = len("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")

// findIPv6 finds runs of hex digits, colons and dots with two colons or
// more that parse as an IPv6 address and stand alone: times (14:02:33)
// do not parse, std::vector is inside a word.
func findIPv6(text string, out []Leak) []Leak {
	for i := 0; i < len(text); {
		c := text[i]
		if !isHex(c) && c != ':' {
			i++
			continue
		}
		j, colons := i, 0
		for j < len(text) && (isHex(text[j]) || text[j] == ':' || text[j] == '.') {
			if text[j] == ':' {
				colons++
			}
			j++
		}
		before := runeBefore(text, i)
		if colons >= 2 && j-i <= maxIPv6+2 && !isWordRune(before) && before != '.' {
			cand := text[i:j]
			for tries := 0; tries < 3; tries++ {
				if a, err := netip.ParseAddr(cand); err == nil && a.Is6() && strings.ContainsFunc(cand, func(r rune) bool { return r != ':' }) {
					if !isWordRune(runeAfter(text, i+len(cand))) {
						out = append(out, Leak{Kind: LeakIP, Text: cand, Offset: i})
					}
					break
				}
				if cand == "" || (cand[len(cand)-1] != '.' && cand[len(cand)-1] != ':') {
					break
				}
				cand = cand[:len(cand)-1] // a sentence's full stop or colon
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	return out
}

func isLocalByte(c byte) bool {
	return isLetter(c) || isDigit(c) || strings.IndexByte("._%+-", c) >= 0
}

func isHostByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '-' || c == '_' }

// findEmails finds local@domain.tld: each @ looks back over the local part
// and on over the domain, neither crossing another @, so each byte is
// looked at at most twice.
func findEmails(text string, out []Leak) []Leak {
	for from := 0; ; {
		at := strings.IndexByte(text[from:], '@')
		if at < 0 {
			return out
		}
		at += from
		from = at + 1
		s := at
		for s > 0 && isLocalByte(text[s-1]) {
			s--
		}
		for s < at && text[s] == '.' {
			s++
		}
		e := at + 1
		for e < len(text) && (isHostByte(text[e]) || text[e] == '.') {
			e++
		}
		e = at + 1 + len(strings.TrimRight(text[at+1:e], ".-"))
		if s == at || !isDomain(text[at+1:e]) {
			continue
		}
		out = append(out, Leak{Kind: LeakEmail, Text: text[s:e], Offset: s})
		from = e
	}
}

// isDomain reports whether s is labels joined by dots, two at least, the
// last of letters only.
func isDomain(s string) bool {
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || strings.Contains(s, "..") || s[0] == '.' {
		return false
	}
	tld := s[dot+1:]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !isLetter(tld[i]) {
			return false
		}
	}
	return true
}

// findHosts finds names of dotted labels under an internal domain: each
// run of labels is looked up by its suffixes at label boundaries, no
// longer than the longest domain.
func (f *LeakFinder) findHosts(text string, out []Leak) []Leak {
	if len(f.domains) == 0 {
		return out
	}
	var lower []byte
	for i := 0; i < len(text); {
		if !isHostByte(text[i]) {
			i++
			continue
		}
		// A name: labels joined by single dots.
		j := i
		for j < len(text) {
			if isHostByte(text[j]) {
				j++
				continue
			}
			if text[j] == '.' && j+1 < len(text) && isHostByte(text[j+1]) {
				j++
				continue
			}
			break
		}
		name := text[i:j]
		if strings.IndexByte(name, '.') >= 0 && !isWordRune(runeBefore(text, i)) && !isWordRune(runeAfter(text, j)) {
			lower = append(lower[:0], name...)
			for k, c := range lower {
				if 'A' <= c && c <= 'Z' {
					lower[k] = c + 'a' - 'A'
				}
			}
			if why, ok := f.under(lower); ok {
				out = append(out, Leak{Kind: LeakHost, Text: name, Offset: i, Why: why})
			}
		}
		i = j
	}
	return out
}

// under reports whether a lower-case name is an internal domain or under
// one, and why.
func (f *LeakFinder) under(name []byte) (string, bool) {
	if len(name) <= f.maxDomain {
		if why, ok := f.domains[string(name)]; ok {
			return why, true
		}
	}
	for k := len(name) - 1; k > 0 && len(name)-k-1 <= f.maxDomain; k-- {
		if name[k] != '.' {
			continue
		}
		for _, suffix := range [2][]byte{name[k+1:], name[k:]} {
			if why, ok := f.domains[string(suffix)]; ok {
				return why, true
			}
		}
	}
	return "", false
}

// pathStop ends a word that may be a path: white space, brackets, quotes,
// backticks, commas and semicolons.
func pathStop(c byte) bool {
	return c <= ' ' || strings.IndexByte("()[]{}<>\"'`,;|*", c) >= 0
}

// findPaths finds file paths: absolute (/etc/nginx, C:\deploy,
// \\host\share), relative from here or home (./run.sh, ../x, ~/notes), or
// words of path characters with slashes and a file extension
// (src/pay/refund.go) or three slashes (a/b/c/d). A word with :// is a URL,
// and one that starts with a domain (status.example.com/x) is one too.
func findPaths(text string, out []Leak) []Leak {
	for i := 0; i < len(text); {
		if pathStop(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && !pathStop(text[j]) {
			j++
		}
		w := strings.TrimRight(text[i:j], ".:!?")
		if isPath(w) {
			out = append(out, Leak{Kind: LeakPath, Text: w, Offset: i})
		}
		i = j
	}
	return out
}

func isPath(w string) bool {
	switch {
	case len(w) < 3 || !strings.ContainsAny(w, `/\`) || strings.Contains(w, "://") || strings.HasPrefix(w, "//"):
		return false
	case isLetter(w[0]) && w[1] == ':' && w[2] == '\\':
		return len(w) > 3 && w[3] != '\\' // C:\deploy
	case strings.HasPrefix(w, `\\`):
		return isHostByte(w[2]) && strings.IndexByte(w[2:], '\\') > 0 // \\host\share
	case strings.HasPrefix(w, "./") || strings.HasPrefix(w, "~/"):
		return isPathByte(w[2])
	case strings.HasPrefix(w, "../"):
		return len(w) > 3 && isPathByte(w[3])
	}
	segs := strings.Split(strings.TrimSuffix(w, "/"), "/")
	if len(segs) < 2 {
		return false
	}
	letter := false
	for k, s := range segs {
		if s == "" && !(k == 0 && w[0] == '/') {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !isPathByte(s[i]) {
				return false
			}
			letter = letter || isLetter(s[i])
		}
	}
	if !letter {
		return false // 24/7, 01/28/2024
	}
	if w[0] == '/' {
		return len(segs) >= 3 // /etc/nginx: two names at least
	}
	if isDomain(segs[0]) {
		return false // status.example.com/incidents: a URL
	}
	return hasExtension(segs[len(segs)-1]) || len(segs) >= 4
}

func isPathByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c >= 0x80 || strings.IndexByte("._-~+@%=", c) >= 0
}

// hasExtension reports whether a file name ends in .ext: a dot after a
// name of two characters at least (not i.e), then one to ten letters and digits with a letter.
func hasExtension(s string) bool {
	dot := strings.LastIndexByte(s, '.')
	if dot < 2 || len(s)-dot-1 < 1 || len(s)-dot-1 > 10 {
		return false
	}
	letter := false
	for i := dot + 1; i < len(s); i++ {
		if !isLetter(s[i]) && !isDigit(s[i]) {
			return false
		}
		letter = letter || isLetter(s[i])
	}
	return letter
}

// findWords finds what is found by words: the COE's trackers, tracker
// keys, people's names and denied words.
func (f *LeakFinder) findWords(text string, toks []token, out []Leak) []Leak {
	for i, t := range toks {
		if e, end := f.trackers.at(text, toks, i); e != nil {
			if a, ok := f.affixAt(text, e, t.start, toks[end-1].end); ok {
				s := t.start - len(a.lead)
				out = append(out, Leak{Kind: LeakTracker, Text: text[s : toks[end-1].end+len(a.trail)], Offset: s, Why: e.source})
			}
		}
		if key := trackerKey(text[t.start:t.end]); key != "" {
			out = append(out, Leak{Kind: LeakTracker, Text: key, Offset: t.start})
		}
		for _, m := range f.names {
			e, end := m.at(text, toks, i)
			if e == nil || (e.single != "" && f.everyday[e.single] && !t.upper) {
				continue
			}
			out = append(out, Leak{Kind: LeakName, Text: text[t.start:toks[end-1].end], Offset: t.start, Why: e.source})
			break
		}
		if e, end := f.deny.at(text, toks, i); e != nil {
			out = append(out, Leak{Kind: LeakDenied, Text: text[t.start:toks[end-1].end], Offset: t.start, Why: e.source})
		}
	}
	return out
}

// affixAt returns what a tracker value matched at text[start:end] has
// around its words (the # of #412), when the text has it there too.
func (f *LeakFinder) affixAt(text string, e *entry, start, end int) (affix, bool) {
	for _, a := range f.affixes[e] {
		if start >= len(a.lead) && strings.EqualFold(text[start-len(a.lead):start], a.lead) &&
			len(text)-end >= len(a.trail) && strings.EqualFold(text[end:end+len(a.trail)], a.trail) {
			return a, true
		}
	}
	return affix{}, false
}

// trackerKey returns the tracker key a word starts with, PAY-123 of
// PAY-123 or PAY-123-hotfix: capitals and digits from a capital, two at
// least, a hyphen and digits, then the word's end or a hyphen; "" when it
// has none or names a standard (UTF-8).
func trackerKey(w string) string {
	i := 0
	for i < len(w) && ('A' <= w[i] && w[i] <= 'Z' || i > 0 && isDigit(w[i])) {
		i++
	}
	if i < 2 || i >= len(w) || w[i] != '-' || notTrackers[w[:i]] {
		return ""
	}
	j := i + 1
	for j < len(w) && isDigit(w[j]) {
		j++
	}
	if j == i+1 || (j < len(w) && w[j] != '-') {
		return ""
	}
	return w[:j]
}
