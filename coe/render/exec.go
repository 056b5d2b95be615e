package render

import (
	"bytes"
	"errors"
	htmltemplate "html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// treeExec runs HTML templates faster than html/template, and to the same
// bytes. html/template still parses every template and works out, for
// each action, the escapers its context needs (it writes them into the
// template's tree when it first runs it); treeExec walks those escaped
// trees itself, without text/template's per-action reflection (a field
// looked up by name, each escaper called through reflect). That halves a
// site's build.
//
// It knows the common part of the template language: text, actions,
// if/with/range/template, variables, fields and niladic methods, and, or,
// not, len, eq, ne, the functions of htmlFuncs and the escapers of the HTML
// contexts (text, attributes, URLs, RCDATA). For anything else, and for any
// error, it gives up with errFallback before its output is used, and the
// caller runs html/template, which has the last word (and the error
// message). Tests and a fuzz target check that both give the same bytes.
type treeExec struct {
	set   *htmltemplate.Template
	funcs map[string]reflect.Value
	// ready holds the escaped tree of each template name that html/template
	// has run once without error.
	ready sync.Map // string -> *parse.Tree
	// runs counts the pages treeExec wrote; fallbacks those it left to
	// html/template after it had escaped them (tests want none for the
	// built-in templates).
	runs, fallbacks atomic.Int64
}

// errFallback says treeExec met something it leaves to html/template.
var errFallback = errors.New("render: template needs html/template")

func newTreeExec(set *htmltemplate.Template, funcs htmltemplate.FuncMap) *treeExec {
	x := &treeExec{set: set, funcs: map[string]reflect.Value{}}
	for name, f := range funcs {
		x.funcs[name] = reflect.ValueOf(f)
	}
	return x
}

// markReady records that html/template has escaped and run name.
func (x *treeExec) markReady(name string) {
	if t := x.set.Lookup(name); t != nil && t.Tree != nil {
		x.ready.Store(name, t.Tree)
	}
}

// execute runs the template name on data into buf. On errFallback, buf is
// as it was.
func (x *treeExec) execute(buf *bytes.Buffer, name string, data any) (err error) {
	tree, ok := x.ready.Load(name)
	if !ok {
		return errFallback
	}
	n := buf.Len()
	defer func() {
		if r := recover(); r != nil {
			// reflect panics on what text/template would report as an
			// error; html/template reports it.
			err = errFallback
		}
		if err != nil {
			buf.Truncate(n)
			x.fallbacks.Add(1)
		} else {
			x.runs.Add(1)
		}
	}()
	dot := reflect.ValueOf(data)
	s := &execState{x: x, buf: buf, vars: []execVar{{"$", dot}}}
	if s.walk(dot, tree.(*parse.Tree).Root) != nil {
		return errFallback
	}
	return nil
}

type execVar struct {
	name  string
	value reflect.Value
}

type execState struct {
	x     *treeExec
	buf   *bytes.Buffer
	vars  []execVar
	depth int
}

func (s *execState) walk(dot reflect.Value, node parse.Node) error {
	switch n := node.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			if err := s.walk(dot, c); err != nil {
				return err
			}
		}
		return nil
	case *parse.TextNode:
		s.buf.Write(n.Text)
		return nil
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			_, err := s.pipeline(dot, n.Pipe)
			return err
		}
		return s.print(dot, n.Pipe)
	case *parse.IfNode:
		return s.ifOrWith(false, dot, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return s.ifOrWith(true, dot, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return s.walkRange(dot, n)
	case *parse.TemplateNode:
		return s.walkTemplate(dot, n)
	}
	return errFallback
}

// print runs an action that prints: its commands, then the escapers
// html/template put at its end, on the text.
func (s *execState) print(dot reflect.Value, pipe *parse.PipeNode) error {
	cmds := pipe.Cmds
	tail := len(cmds)
	for tail > 0 && isEscaper(cmds[tail-1]) {
		tail--
	}
	if tail == 0 || tail == len(cmds) {
		return errFallback
	}
	v, err := s.commands(dot, cmds[:tail])
	if err != nil {
		return err
	}
	text, t, ok := stringify(v)
	if !ok {
		return errFallback
	}
	for _, c := range cmds[tail:] {
		if text, ok = escapers[c.Args[0].(*parse.IdentifierNode).Ident](text, t); !ok {
			return errFallback
		}
		t = contentPlain
	}
	s.buf.WriteString(text)
	return nil
}

func isEscaper(c *parse.CommandNode) bool {
	if len(c.Args) != 1 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	_, ok = escapers[id.Ident]
	return ok
}

func (s *execState) ifOrWith(with bool, dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode) error {
	defer s.pop(len(s.vars))
	v, err := s.pipeline(dot, pipe)
	if err != nil {
		return err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return errFallback
	}
	switch {
	case truth && with:
		return s.walk(v, list)
	case truth:
		return s.walk(dot, list)
	case elseList != nil:
		return s.walk(dot, elseList)
	}
	return nil
}

func (s *execState) walkRange(dot reflect.Value, r *parse.RangeNode) error {
	mark := len(s.vars)
	defer s.pop(mark)
	v, err := s.pipeline(dot, r.Pipe)
	if err != nil {
		return err
	}
	v, _ = indirect(v)
	if k := v.Kind(); k != reflect.Slice && k != reflect.Array {
		return errFallback
	}
	if r.Pipe.IsAssign {
		return errFallback
	}
	if v.Len() == 0 {
		if r.ElseList != nil {
			return s.walk(dot, r.ElseList)
		}
		return nil
	}
	for i := range v.Len() {
		elem := v.Index(i)
		if len(r.Pipe.Decl) > 0 {
			s.vars[len(s.vars)-1].value = elem
		}
		if len(r.Pipe.Decl) > 1 {
			s.vars[len(s.vars)-2].value = reflect.ValueOf(i)
		}
		inner := len(s.vars)
		err := s.walk(elem, r.List)
		s.pop(inner)
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *execState) walkTemplate(dot reflect.Value, t *parse.TemplateNode) error {
	tmpl := s.x.set.Lookup(t.Name)
	if tmpl == nil || tmpl.Tree == nil || s.depth >= 1000 {
		return errFallback
	}
	dot, err := s.pipeline(dot, t.Pipe)
	if err != nil {
		return err
	}
	inner := &execState{x: s.x, buf: s.buf, vars: []execVar{{"$", dot}}, depth: s.depth + 1}
	return inner.walk(dot, tmpl.Tree.Root)
}

func (s *execState) pop(mark int) { s.vars = s.vars[:mark] }

func (s *execState) variable(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errFallback
}

func (s *execState) pipeline(dot reflect.Value, pipe *parse.PipeNode) (reflect.Value, error) {
	if pipe == nil {
		return reflect.Value{}, nil
	}
	v, err := s.commands(dot, pipe.Cmds)
	if err != nil {
		return v, err
	}
	for _, d := range pipe.Decl {
		if pipe.IsAssign {
			found := false
			for i := len(s.vars) - 1; i >= 0; i-- {
				if s.vars[i].name == d.Ident[0] {
					s.vars[i].value, found = v, true
					break
				}
			}
			if !found {
				return v, errFallback
			}
		} else {
			s.vars = append(s.vars, execVar{d.Ident[0], v})
		}
	}
	return v, nil
}

// commands runs a pipeline's commands, each given the last one's value.
func (s *execState) commands(dot reflect.Value, cmds []*parse.CommandNode) (reflect.Value, error) {
	var v reflect.Value
	hasFinal := false
	for _, cmd := range cmds {
		var err error
		v, err = s.command(dot, cmd, v, hasFinal)
		if err != nil {
			return v, err
		}
		hasFinal = true
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = v.Elem()
		}
	}
	return v, nil
}

func (s *execState) command(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		if len(cmd.Args) > 1 || hasFinal {
			return reflect.Value{}, errFallback
		}
		return s.fieldChain(dot, n.Ident)
	case *parse.VariableNode:
		if len(cmd.Args) > 1 || hasFinal {
			return reflect.Value{}, errFallback
		}
		v, err := s.variable(n.Ident[0])
		if err != nil || len(n.Ident) == 1 {
			return v, err
		}
		return s.fieldChain(v, n.Ident[1:])
	case *parse.IdentifierNode:
		return s.function(dot, n.Ident, cmd.Args[1:], final, hasFinal)
	}
	if len(cmd.Args) > 1 || hasFinal {
		return reflect.Value{}, errFallback
	}
	return s.arg(dot, cmd.Args[0])
}

// arg evaluates an argument of and, or, not, len, eq and ne, or the first
// word of a command that is not a function.
func (s *execState) arg(dot reflect.Value, node parse.Node) (reflect.Value, error) {
	switch n := node.(type) {
	case *parse.DotNode:
		return dot, nil
	case *parse.FieldNode:
		return s.fieldChain(dot, n.Ident)
	case *parse.VariableNode:
		v, err := s.variable(n.Ident[0])
		if err != nil || len(n.Ident) == 1 {
			return v, err
		}
		return s.fieldChain(v, n.Ident[1:])
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.NumberNode:
		if n.IsInt && int64(int(n.Int64)) == n.Int64 && !strings.ContainsAny(n.Text, ".eEpPxX_'") {
			return reflect.ValueOf(int(n.Int64)), nil
		}
	case *parse.PipeNode:
		if len(n.Decl) == 0 {
			return s.pipeline(dot, n)
		}
	}
	return reflect.Value{}, errFallback
}

func (s *execState) fieldChain(v reflect.Value, idents []string) (reflect.Value, error) {
	for _, name := range idents {
		var err error
		if v, err = s.x.field(v, name); err != nil {
			return v, err
		}
	}
	return v, nil
}

type fieldKey struct {
	t    reflect.Type
	name string
}

// accessor says how to get a name from a value of a type: a method of
// the pointer (or interface) type, or a struct field.
type accessor struct {
	method int
	field  []int
}

// accessors caches how to get each name from each type; it is replaced,
// never changed, so that reading it takes no lock.
var (
	accessors   atomic.Pointer[map[fieldKey]accessor]
	accessorsMu sync.Mutex
)

func loadAccessor(key fieldKey) (accessor, bool) {
	if m := accessors.Load(); m != nil {
		a, ok := (*m)[key]
		return a, ok
	}
	return accessor{}, false
}

func storeAccessor(key fieldKey, a accessor) {
	accessorsMu.Lock()
	defer accessorsMu.Unlock()
	old := accessors.Load()
	m := make(map[fieldKey]accessor, 1)
	if old != nil {
		if _, ok := (*old)[key]; ok {
			return
		}
		m = make(map[fieldKey]accessor, len(*old)+1)
		for k, v := range *old {
			m[k] = v
		}
	}
	m[key] = a
	accessors.Store(&m)
}

func (x *treeExec) field(receiver reflect.Value, name string) (reflect.Value, error) {
	if !receiver.IsValid() {
		return reflect.Value{}, errFallback
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		return reflect.Value{}, errFallback
	}
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	key := fieldKey{ptr.Type(), name}
	acc, ok := loadAccessor(key)
	if !ok {
		acc = accessor{method: -1}
		if m, ok := ptr.Type().MethodByName(name); ok {
			if ptr.Kind() == reflect.Interface {
				return reflect.Value{}, errFallback
			}
			acc.method = m.Index
		} else if receiver.Kind() == reflect.Struct {
			f, ok := receiver.Type().FieldByName(name)
			if !ok || !f.IsExported() {
				return reflect.Value{}, errFallback
			}
			acc.field = f.Index
		} else {
			return reflect.Value{}, errFallback
		}
		storeAccessor(key, acc)
	}
	if acc.method >= 0 {
		m := ptr.Method(acc.method)
		t := m.Type()
		if t.NumIn() != 0 || t.NumOut() != 1 {
			return reflect.Value{}, errFallback
		}
		return m.Call(nil)[0], nil
	}
	if len(acc.field) == 1 {
		return receiver.Field(acc.field[0]), nil
	}
	v, err := receiver.FieldByIndexErr(acc.field)
	if err != nil {
		return v, errFallback
	}
	return v, nil
}

func (s *execState) function(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if _, ok := escapers[name]; ok {
		// Only at the end of an action (see print).
		return reflect.Value{}, errFallback
	}
	if fn, ok := s.x.funcs[name]; ok {
		return s.call(dot, fn, args, final, hasFinal)
	}
	switch name {
	case "and", "or":
		var v reflect.Value
		for _, a := range args {
			var err error
			if v, err = s.arg(dot, a); err != nil {
				return v, err
			}
			if truth(v) == (name == "or") {
				return v, nil
			}
		}
		if hasFinal {
			v = final
		}
		if len(args) == 0 && !hasFinal {
			return v, errFallback
		}
		return v, nil
	case "not":
		v, err := s.oneArg(dot, args, final, hasFinal)
		if err != nil {
			return v, err
		}
		return reflect.ValueOf(!truth(v)), nil
	case "len":
		v, err := s.oneArg(dot, args, final, hasFinal)
		if err != nil {
			return v, err
		}
		v, isNil := indirect(v)
		if isNil {
			return v, errFallback
		}
		switch v.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len()), nil
		}
	case "eq", "ne":
		if len(args) != 2 || hasFinal {
			return reflect.Value{}, errFallback
		}
		a, err := s.arg(dot, args[0])
		if err != nil {
			return a, err
		}
		b, err := s.arg(dot, args[1])
		if err != nil {
			return b, err
		}
		eq, ok := basicEqual(indirectInterface(a), indirectInterface(b))
		if !ok {
			return reflect.Value{}, errFallback
		}
		return reflect.ValueOf(eq == (name == "eq")), nil
	}
	return reflect.Value{}, errFallback
}

func (s *execState) oneArg(dot reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	switch {
	case len(args) == 1 && !hasFinal:
		return s.arg(dot, args[0])
	case len(args) == 0 && hasFinal:
		return final, nil
	}
	return reflect.Value{}, errFallback
}

// call calls a function of the FuncMap, whose arguments must be of its
// parameters' types as they are (text/template would convert some).
func (s *execState) call(dot reflect.Value, fn reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	t := fn.Type()
	n := len(args)
	if hasFinal {
		n++
	}
	if t.IsVariadic() || t.NumIn() != n || t.NumOut() != 1 {
		return reflect.Value{}, errFallback
	}
	in := make([]reflect.Value, 0, n)
	for _, a := range args {
		v, err := s.arg(dot, a)
		if err != nil {
			return v, err
		}
		in = append(in, v)
	}
	if hasFinal {
		in = append(in, final)
	}
	for i, v := range in {
		if !v.IsValid() || !v.Type().AssignableTo(t.In(i)) {
			return reflect.Value{}, errFallback
		}
	}
	// The functions coe defines take strings and ints; call the common
	// ones without reflect.
	switch f := fn.Interface().(type) {
	case func(string) htmltemplate.HTML:
		if in[0].Type() == stringType {
			return reflect.ValueOf(f(in[0].String())), nil
		}
	case func(string) string:
		if in[0].Type() == stringType {
			return reflect.ValueOf(f(in[0].String())), nil
		}
	}
	return fn.Call(in)[0], nil
}

var stringType = reflect.TypeFor[string]()

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// isTrue is text/template's truth: not the zero value of its kind.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

// basicEqual compares two strings, two bools or two signed integers, as
// eq does; other pairs are left to text/template.
func basicEqual(a, b reflect.Value) (eq, ok bool) {
	if !a.IsValid() || !b.IsValid() {
		return false, false
	}
	switch {
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return a.String() == b.String(), true
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool:
		return a.Bool() == b.Bool(), true
	case a.CanInt() && b.CanInt():
		return a.Int() == b.Int(), true
	}
	return false, false
}

func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// The escapers html/template writes into its trees, for the contexts
// coe's templates use, each as html/template defines it (html/template's
// escape.go, html.go and url.go), given the text and its type; false
// leaves the value to html/template.
var escapers = map[string]func(string, contentType) (string, bool){
	"_html_template_htmlescaper": func(s string, t contentType) (string, bool) {
		if t == contentHTML {
			return s, true
		}
		return htmlEscape(s), true
	},
	"_html_template_attrescaper":   plainOnly(htmlEscape),
	"_html_template_rcdataescaper": plainOnly(htmlEscape),
	"_html_template_urlfilter": func(s string, t contentType) (string, bool) {
		switch {
		case t == contentHTML:
			return "", false
		case t != contentURL && !isSafeURL(s):
			return "#ZgotmplZ", true
		}
		return s, true
	},
	"_html_template_urlnormalizer": plainOnly(func(s string) string { return processURL(s, true) }),
	"_html_template_urlescaper": func(s string, t contentType) (string, bool) {
		if t == contentHTML {
			return "", false
		}
		return processURL(s, t == contentURL), true
	},
	// A script of the site's own, as template.JS, is written as it is.
	"_html_template_jsvalescaper": func(s string, t contentType) (string, bool) {
		return s, t == contentJS
	},
	"_html_template_cssvaluefilter": func(s string, t contentType) (string, bool) {
		return s, t == contentCSS
	},
}

type contentType int

const (
	contentPlain contentType = iota
	contentHTML
	contentCSS
	contentURL
	contentJS
)

var (
	htmlType = reflect.TypeFor[htmltemplate.HTML]()
	cssType  = reflect.TypeFor[htmltemplate.CSS]()
	urlType  = reflect.TypeFor[htmltemplate.URL]()
	jsType   = reflect.TypeFor[htmltemplate.JS]()
	boolType = reflect.TypeFor[bool]()
)

// stringify is html/template's, for the types coe's templates print:
// strings, typed content, ints and bools. Others (pointers, Stringers,
// other named types, nil) are left to html/template.
func stringify(v reflect.Value) (string, contentType, bool) {
	if !v.IsValid() {
		return "", contentPlain, false
	}
	switch v.Type() {
	case stringType:
		return v.String(), contentPlain, true
	case htmlType:
		return v.String(), contentHTML, true
	case cssType:
		return v.String(), contentCSS, true
	case urlType:
		return v.String(), contentURL, true
	case jsType:
		return v.String(), contentJS, true
	case boolType:
		return strconv.FormatBool(v.Bool()), contentPlain, true
	}
	if v.Type().PkgPath() == "" { // int, int64, uint8...: no methods
		switch {
		case v.CanInt():
			return strconv.FormatInt(v.Int(), 10), contentPlain, true
		case v.CanUint():
			return strconv.FormatUint(v.Uint(), 10), contentPlain, true
		}
	}
	return "", contentPlain, false
}

// plainOnly applies f to text that is not typed content.
func plainOnly(f func(string) string) func(string, contentType) (string, bool) {
	return func(s string, t contentType) (string, bool) {
		if t != contentPlain {
			return "", false
		}
		return f(s), true
	}
}

// htmlEscape is html/template's htmlReplacer with its htmlReplacementTable
// (bad runes kept).
func htmlEscape(s string) string {
	i := strings.IndexAny(s, "\x00\"&'+<>")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(r)
		written = i + 1
	}
	b.WriteString(s[written:])
	return b.String()
}

// isSafeURL is html/template's: a relative URL, or one whose scheme is
// http, https or mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// processURL is html/template's processURLOnto: it percent-encodes what
// may not stand in a URL (norm) or in a URL's query (!norm).
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
