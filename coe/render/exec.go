// This file is a fenced copy of part of html/template's execution, kept
// because it halves the CPU of coe build. Delete it (with Templates.x,
// exec_test.go and FuzzTreeExecEscapers) when html/template's own speed
// comes within 1.3x of it: when BuildSite10kStd (html/template alone)
// takes at most 1.3 times what BuildSite10k takes in
//
//	go test ./coe/render -run '^$' -bench BuildSite10k -benchtime 1x -count 3
//
// golang/go#81610 is the upstream change to watch.
//
// The fence: it runs only the built-in HTML templates (once a repository
// has HTML templates of its own, LoadTemplates leaves them all to
// html/template), COE_TEMPLATE_ENGINE=std turns it off (WithEngine), and
// TestTreeExec* and FuzzTreeExecEscapers (in the CI fuzz smoke) check it
// writes the bytes html/template writes.

package render

import (
	"bytes"
	"errors"
	htmltemplate "html/template"
	"io"
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
// template's tree when it first runs it); treeExec compiles those escaped
// trees into Go closures, once, and runs them without text/template's
// per-action reflection (a field looked up by name, each escaper called
// through reflect). That halves a site's build.
//
// It knows the common part of the template language: text, actions,
// if/with/range/template, variables, fields and niladic methods, and, or,
// not, len, eq, ne, the functions of htmlFuncs and the escapers of the HTML
// contexts (text, attributes, URLs, RCDATA). A template with anything else
// is left to html/template; at run time, any error or value it does not
// know makes it give up with errFallback before its output is used, and
// the caller runs html/template, which has the last word (and the error
// message). Tests and a fuzz target check that both give the same bytes.
type treeExec struct {
	set   *htmltemplate.Template
	funcs map[string]reflect.Value
	// ready holds the compiled program of each template name that
	// html/template has run once without error, or nil for one treeExec
	// cannot run.
	ready sync.Map // string -> *program
	// mu guards programs, every template compiled or being compiled.
	mu       sync.Mutex
	programs map[string]*program
	// runs counts the pages treeExec wrote; fallbacks those it left to
	// html/template after it had compiled them (tests want none for the
	// built-in templates).
	runs, fallbacks atomic.Int64
}

// errFallback says treeExec met something it leaves to html/template.
var errFallback = errors.New("render: template needs html/template")

func newTreeExec(set *htmltemplate.Template, funcs htmltemplate.FuncMap) *treeExec {
	x := &treeExec{set: set, funcs: map[string]reflect.Value{}, programs: map[string]*program{}}
	for name, f := range funcs {
		x.funcs[name] = reflect.ValueOf(f)
	}
	return x
}

// markReady compiles name once html/template has escaped and run it (and
// so every template it calls).
func (x *treeExec) markReady(name string) {
	if _, ok := x.ready.Load(name); ok {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	p, err := x.program(name)
	if err != nil {
		p = nil // html/template's, from now on
	}
	x.ready.Store(name, p)
}

// execute runs the template name on data into buf. On errFallback, buf is
// as it was.
func (x *treeExec) execute(buf *bytes.Buffer, name string, data any) (err error) {
	ready, _ := x.ready.Load(name)
	p, _ := ready.(*program)
	if p == nil {
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
	s := &execState{buf: buf, vars: make([]execVar, 1, 16)}
	s.vars[0] = execVar{"$", dot}
	if p.run(s, dot) != nil {
		return errFallback
	}
	return nil
}

// executeTo is execute into w, a piece at a time: the page is kept in a
// buffer until it holds streamBuffer bytes at the end of an item of a
// range, then written. On errFallback before anything was written, w has
// nothing; after, the error is errStreamed and what w has is to be
// dropped. An error of w's is returned as it is.
func (x *treeExec) executeTo(w io.Writer, name string, data any) (err error) {
	ready, _ := x.ready.Load(name)
	p, _ := ready.(*program)
	if p == nil {
		return errFallback
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	s := &execState{buf: buf, vars: make([]execVar, 1, 16), out: w}
	defer func() {
		if r := recover(); r != nil {
			err = errFallback
		}
		switch {
		case err == nil:
			x.runs.Add(1)
		case s.werr != nil:
			err = s.werr
		default:
			x.fallbacks.Add(1)
			if s.flushed {
				err = errStreamed
			}
		}
	}()
	dot := reflect.ValueOf(data)
	s.vars[0] = execVar{"$", dot}
	if p.run(s, dot) != nil {
		return errFallback
	}
	s.flush(0)
	return s.werr
}

type execVar struct {
	name  string
	value reflect.Value
}

// execState is one run: the page and the variables in scope, those of the
// template being run from base on.
type execState struct {
	buf   *bytes.Buffer
	vars  []execVar
	base  int
	depth int
	// out, when set, takes the page a piece at a time (executeTo);
	// flushed says some of it went, werr is out's error.
	out     io.Writer
	flushed bool
	werr    error
}

// flush writes the buffer to out once it holds at least limit bytes.
func (s *execState) flush(limit int) {
	if s.out == nil || s.werr != nil || s.buf.Len() < limit || s.buf.Len() == 0 {
		return
	}
	s.flushed = true
	if _, err := s.out.Write(s.buf.Bytes()); err != nil {
		s.werr = err
	}
	s.buf.Reset()
}

func (s *execState) pop(mark int) { s.vars = s.vars[:mark] }

func (s *execState) variable(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errFallback
}

// A program is a compiled template; run is nil while it is compiled.
type program struct {
	run op
}

type (
	// op runs a part of a template.
	op func(s *execState, dot reflect.Value) error
	// evalFn evaluates a pipeline or an argument.
	evalFn func(s *execState, dot reflect.Value) (reflect.Value, error)
	// cmdFn runs a command of a pipeline, given the last one's value.
	cmdFn func(s *execState, dot, final reflect.Value) (reflect.Value, error)
)

// program compiles the template name, or returns it compiled (x.mu held).
func (x *treeExec) program(name string) (*program, error) {
	if p, ok := x.programs[name]; ok {
		return p, nil
	}
	t := x.set.Lookup(name)
	if t == nil || t.Tree == nil {
		return nil, errFallback
	}
	p := &program{}
	x.programs[name] = p // a template may call itself
	run, err := x.compileList(t.Tree.Root)
	if err != nil {
		delete(x.programs, name)
		return nil, err
	}
	p.run = run
	return p, nil
}

func (x *treeExec) compileList(list *parse.ListNode) (op, error) {
	var ops []op
	for _, n := range list.Nodes {
		o, err := x.compileNode(n)
		if err != nil {
			return nil, err
		}
		if o != nil {
			ops = append(ops, o)
		}
	}
	return func(s *execState, dot reflect.Value) error {
		for _, o := range ops {
			if err := o(s, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (x *treeExec) compileNode(node parse.Node) (op, error) {
	switch n := node.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *execState, _ reflect.Value) error {
			s.buf.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			return x.compilePrint(n.Pipe)
		}
		ev, err := x.compilePipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		return func(s *execState, dot reflect.Value) error {
			_, err := ev(s, dot)
			return err
		}, nil
	case *parse.IfNode:
		return x.compileIfOrWith(false, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return x.compileIfOrWith(true, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return x.compileRange(n)
	case *parse.TemplateNode:
		return x.compileTemplate(n)
	}
	return nil, errFallback
}

// compilePrint compiles an action that prints: its commands, then the
// escapers html/template put at its end, run on the text.
func (x *treeExec) compilePrint(pipe *parse.PipeNode) (op, error) {
	cmds := pipe.Cmds
	tail := len(cmds)
	for tail > 0 && escaperOf(cmds[tail-1]) != nil {
		tail--
	}
	if tail == 0 || tail == len(cmds) {
		return nil, errFallback
	}
	var escs []func(string, contentType) (string, bool)
	for _, c := range cmds[tail:] {
		escs = append(escs, escaperOf(c))
	}
	run, err := x.compileCommands(cmds[:tail])
	if err != nil {
		return nil, err
	}
	return func(s *execState, dot reflect.Value) error {
		v, err := run(s, dot)
		if err != nil {
			return err
		}
		text, t, ok := stringify(v)
		if !ok {
			return errFallback
		}
		for _, esc := range escs {
			if text, ok = esc(text, t); !ok {
				return errFallback
			}
			t = contentPlain
		}
		s.buf.WriteString(text)
		return nil
	}, nil
}

func escaperOf(c *parse.CommandNode) func(string, contentType) (string, bool) {
	if len(c.Args) != 1 {
		return nil
	}
	if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
		return escapers[id.Ident]
	}
	return nil
}

// compileBranch compiles the parts of an if, with or range: the pipeline,
// the list and the else list (nil without one).
func (x *treeExec) compileBranch(pipe *parse.PipeNode, list, elseList *parse.ListNode) (ev evalFn, then, els op, err error) {
	if ev, err = x.compilePipeline(pipe); err != nil {
		return nil, nil, nil, err
	}
	if then, err = x.compileList(list); err != nil {
		return nil, nil, nil, err
	}
	if elseList != nil {
		if els, err = x.compileList(elseList); err != nil {
			return nil, nil, nil, err
		}
	}
	return ev, then, els, nil
}

func (x *treeExec) compileIfOrWith(with bool, pipe *parse.PipeNode, list, elseList *parse.ListNode) (op, error) {
	ev, then, els, err := x.compileBranch(pipe, list, elseList)
	if err != nil {
		return nil, err
	}
	return scoped(ev, func(s *execState, dot, v reflect.Value) error {
		truth, ok := isTrue(indirectInterface(v))
		switch {
		case !ok:
			return errFallback
		case truth && with:
			return then(s, v)
		case truth:
			return then(s, dot)
		case els != nil:
			return els(s, dot)
		}
		return nil
	}), nil
}

// scoped runs a pipeline, then body with its value; the variables the
// pipeline and body declare end with it.
func scoped(ev evalFn, body func(s *execState, dot, v reflect.Value) error) op {
	return func(s *execState, dot reflect.Value) error {
		mark := len(s.vars)
		defer s.pop(mark)
		v, err := ev(s, dot)
		if err != nil {
			return err
		}
		return body(s, dot, v)
	}
}

func (x *treeExec) compileRange(r *parse.RangeNode) (op, error) {
	if r.Pipe.IsAssign {
		return nil, errFallback
	}
	ev, body, els, err := x.compileBranch(r.Pipe, r.List, r.ElseList)
	if err != nil {
		return nil, err
	}
	decls := len(r.Pipe.Decl)
	return scoped(ev, func(s *execState, dot, v reflect.Value) error {
		v, _ = indirect(v)
		if k := v.Kind(); k != reflect.Slice && k != reflect.Array {
			return errFallback
		}
		if v.Len() == 0 {
			if els != nil {
				return els(s, dot)
			}
			return nil
		}
		for i := range v.Len() {
			elem := v.Index(i)
			if decls > 0 {
				s.vars[len(s.vars)-1].value = elem
			}
			if decls > 1 {
				s.vars[len(s.vars)-2].value = reflect.ValueOf(i)
			}
			inner := len(s.vars)
			err := body(s, elem)
			s.pop(inner)
			if err != nil {
				return err
			}
			if s.flush(streamBuffer); s.werr != nil {
				return s.werr
			}
		}
		return nil
	}), nil
}

func (x *treeExec) compileTemplate(t *parse.TemplateNode) (op, error) {
	p, err := x.program(t.Name)
	if err != nil {
		return nil, err
	}
	ev, err := x.compilePipeline(t.Pipe)
	if err != nil {
		return nil, err
	}
	return func(s *execState, dot reflect.Value) error {
		if p.run == nil || s.depth >= 1000 {
			return errFallback
		}
		d, err := ev(s, dot)
		if err != nil {
			return err
		}
		// The template sees its own variables only: $, its data.
		mark, base := len(s.vars), s.base
		s.vars = append(s.vars, execVar{"$", d})
		s.base = mark
		s.depth++
		err = p.run(s, d)
		s.depth--
		s.vars, s.base = s.vars[:mark], base
		return err
	}, nil
}

// compilePipeline compiles a pipeline with the variables it declares.
func (x *treeExec) compilePipeline(pipe *parse.PipeNode) (evalFn, error) {
	if pipe == nil {
		return func(*execState, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }, nil
	}
	run, err := x.compileCommands(pipe.Cmds)
	if err != nil {
		return nil, err
	}
	if len(pipe.Decl) == 0 {
		return run, nil
	}
	names := make([]string, len(pipe.Decl))
	for i, d := range pipe.Decl {
		names[i] = d.Ident[0]
	}
	assign := pipe.IsAssign
	return func(s *execState, dot reflect.Value) (reflect.Value, error) {
		v, err := run(s, dot)
		if err != nil {
			return v, err
		}
		for _, name := range names {
			if !assign {
				s.vars = append(s.vars, execVar{name, v})
				continue
			}
			found := false
			for i := len(s.vars) - 1; i >= s.base; i-- {
				if s.vars[i].name == name {
					s.vars[i].value, found = v, true
					break
				}
			}
			if !found {
				return v, errFallback
			}
		}
		return v, nil
	}, nil
}

// compileCommands compiles a pipeline's commands, each given the last
// one's value.
func (x *treeExec) compileCommands(cmds []*parse.CommandNode) (evalFn, error) {
	fns := make([]cmdFn, len(cmds))
	for i, c := range cmds {
		var err error
		if fns[i], err = x.compileCommand(c, i > 0); err != nil {
			return nil, err
		}
	}
	return func(s *execState, dot reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for _, f := range fns {
			var err error
			if v, err = f(s, dot, v); err != nil {
				return v, err
			}
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		return v, nil
	}, nil
}

func (x *treeExec) compileCommand(cmd *parse.CommandNode, hasFinal bool) (cmdFn, error) {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return x.compileFunction(id.Ident, cmd.Args[1:], hasFinal)
	}
	// Not a function: no arguments, and nothing piped in.
	if len(cmd.Args) > 1 || hasFinal {
		return nil, errFallback
	}
	arg, err := x.compileArg(cmd.Args[0])
	if err != nil {
		return nil, err
	}
	return func(s *execState, dot, _ reflect.Value) (reflect.Value, error) { return arg(s, dot) }, nil
}

// compileArg compiles an argument of a function, or the first word of a
// command that is not a function.
func (x *treeExec) compileArg(node parse.Node) (evalFn, error) {
	switch n := node.(type) {
	case *parse.DotNode:
		return func(_ *execState, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.FieldNode:
		chain := newFieldChain(n.Ident)
		return func(_ *execState, dot reflect.Value) (reflect.Value, error) { return chain.get(dot) }, nil
	case *parse.VariableNode:
		name, chain := n.Ident[0], newFieldChain(n.Ident[1:])
		return func(s *execState, _ reflect.Value) (reflect.Value, error) {
			v, err := s.variable(name)
			if err != nil {
				return v, err
			}
			return chain.get(v)
		}, nil
	case *parse.StringNode:
		return constant(reflect.ValueOf(n.Text)), nil
	case *parse.BoolNode:
		return constant(reflect.ValueOf(n.True)), nil
	case *parse.NumberNode:
		if n.IsInt && int64(int(n.Int64)) == n.Int64 && !strings.ContainsAny(n.Text, ".eEpPxX_'") {
			return constant(reflect.ValueOf(int(n.Int64))), nil
		}
	case *parse.PipeNode:
		if len(n.Decl) == 0 {
			return x.compilePipeline(n)
		}
	}
	return nil, errFallback
}

func constant(v reflect.Value) evalFn {
	return func(*execState, reflect.Value) (reflect.Value, error) { return v, nil }
}

func (x *treeExec) compileArgs(args []parse.Node) ([]evalFn, error) {
	fns := make([]evalFn, len(args))
	for i, a := range args {
		var err error
		if fns[i], err = x.compileArg(a); err != nil {
			return nil, err
		}
	}
	return fns, nil
}

func (x *treeExec) compileFunction(name string, args []parse.Node, hasFinal bool) (cmdFn, error) {
	if _, ok := escapers[name]; ok {
		return nil, errFallback // only at the end of an action (see compilePrint)
	}
	argFns, err := x.compileArgs(args)
	if err != nil {
		return nil, err
	}
	if fn, ok := x.funcs[name]; ok {
		return compileCall(fn, argFns, hasFinal)
	}
	switch name {
	case "and", "or":
		if len(argFns) == 0 && !hasFinal {
			return nil, errFallback
		}
		or := name == "or"
		return func(s *execState, dot, final reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range argFns {
				var err error
				if v, err = a(s, dot); err != nil {
					return v, err
				}
				if truth(v) == or {
					return v, nil
				}
			}
			if hasFinal {
				v = final
			}
			return v, nil
		}, nil
	case "not", "len":
		if len(argFns)+btoi(hasFinal) != 1 {
			return nil, errFallback
		}
		isNot := name == "not"
		return func(s *execState, dot, final reflect.Value) (reflect.Value, error) {
			v := final
			if !hasFinal {
				var err error
				if v, err = argFns[0](s, dot); err != nil {
					return v, err
				}
			}
			if isNot {
				return reflect.ValueOf(!truth(v)), nil
			}
			v, isNil := indirect(v)
			if isNil {
				return v, errFallback
			}
			switch v.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
			return v, errFallback
		}, nil
	case "eq", "ne":
		if len(argFns) != 2 || hasFinal {
			return nil, errFallback
		}
		want := name == "eq"
		return func(s *execState, dot, _ reflect.Value) (reflect.Value, error) {
			a, err := argFns[0](s, dot)
			if err != nil {
				return a, err
			}
			b, err := argFns[1](s, dot)
			if err != nil {
				return b, err
			}
			eq, ok := basicEqual(indirectInterface(a), indirectInterface(b))
			if !ok {
				return reflect.Value{}, errFallback
			}
			return reflect.ValueOf(eq == want), nil
		}, nil
	}
	return nil, errFallback
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compileCall compiles a call of a function of the FuncMap, whose
// arguments must be of its parameters' types as they are (text/template
// would convert some).
func compileCall(fn reflect.Value, argFns []evalFn, hasFinal bool) (cmdFn, error) {
	t := fn.Type()
	n := len(argFns) + btoi(hasFinal)
	if t.IsVariadic() || t.NumIn() != n || t.NumOut() != 1 {
		return nil, errFallback
	}
	args := func(s *execState, dot, final reflect.Value) ([]reflect.Value, error) {
		in := make([]reflect.Value, 0, n)
		for _, a := range argFns {
			v, err := a(s, dot)
			if err != nil {
				return nil, err
			}
			in = append(in, v)
		}
		if hasFinal {
			in = append(in, final)
		}
		for i, v := range in {
			if !v.IsValid() || !v.Type().AssignableTo(t.In(i)) {
				return nil, errFallback
			}
		}
		return in, nil
	}
	// The functions coe's templates call most take a string; call them
	// without reflect.
	if n == 1 && t.In(0) == stringType {
		one := func(s *execState, dot, final reflect.Value) (string, error) {
			v := final
			if !hasFinal {
				var err error
				if v, err = argFns[0](s, dot); err != nil {
					return "", err
				}
			}
			if !v.IsValid() || v.Type() != stringType {
				return "", errFallback
			}
			return v.String(), nil
		}
		switch f := fn.Interface().(type) {
		case func(string) htmltemplate.HTML:
			return callString(one, f), nil
		case func(string) string:
			return callString(one, f), nil
		}
	}
	return func(s *execState, dot, final reflect.Value) (reflect.Value, error) {
		in, err := args(s, dot, final)
		if err != nil {
			return reflect.Value{}, err
		}
		return fn.Call(in)[0], nil
	}, nil
}

// callString calls f on the string arg gives.
func callString[R any](arg func(s *execState, dot, final reflect.Value) (string, error), f func(string) R) cmdFn {
	return func(s *execState, dot, final reflect.Value) (reflect.Value, error) {
		a, err := arg(s, dot, final)
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(f(a)), nil
	}
}

var stringType = reflect.TypeFor[string]()

// fieldChain gets .A.B.C, each name with the accessor it last used.
type fieldChain []*fieldGetter

func newFieldChain(names []string) fieldChain {
	c := make(fieldChain, len(names))
	for i, name := range names {
		c[i] = &fieldGetter{name: name}
	}
	return c
}

func (c fieldChain) get(v reflect.Value) (reflect.Value, error) {
	for _, g := range c {
		var err error
		if v, err = g.get(v); err != nil {
			return v, err
		}
	}
	return v, nil
}

// A fieldGetter gets one name from a value: a method of its pointer (or
// interface) type, or a struct field, as text/template looks them up; it
// keeps what it found for the type it last saw.
type fieldGetter struct {
	name  string
	cache atomic.Pointer[fieldCache]
}

type fieldCache struct {
	t      reflect.Type
	method int   // >= 0: the method's index
	field  []int // else the field's
	// html: the method is HTML() htmltemplate.HTML, called without reflect
	// (a list page calls it for each of its rows: tens of thousands).
	html bool
}

// htmlMethod is a value of the pages' rows: ListRow and ListAction.
type htmlMethod interface{ HTML() htmltemplate.HTML }

var htmlMethodType = reflect.TypeFor[htmlMethod]()

func (g *fieldGetter) get(receiver reflect.Value) (reflect.Value, error) {
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
	c := g.cache.Load()
	if c == nil || c.t != ptr.Type() {
		c = &fieldCache{t: ptr.Type(), method: -1}
		if m, ok := ptr.Type().MethodByName(g.name); ok {
			if ptr.Kind() == reflect.Interface {
				return reflect.Value{}, errFallback
			}
			c.method = m.Index
			c.html = g.name == "HTML" && ptr.Kind() == reflect.Pointer && ptr.Type().Implements(htmlMethodType)
		} else if receiver.Kind() == reflect.Struct {
			f, ok := receiver.Type().FieldByName(g.name)
			if !ok || !f.IsExported() {
				return reflect.Value{}, errFallback
			}
			c.field = f.Index
		} else {
			return reflect.Value{}, errFallback
		}
		g.cache.Store(c)
	}
	if c.html && ptr.CanInterface() {
		if h, ok := ptr.Interface().(htmlMethod); ok {
			return reflect.ValueOf(h.HTML()), nil
		}
	}
	if c.method >= 0 {
		m := ptr.Method(c.method)
		t := m.Type()
		if t.NumIn() != 0 || t.NumOut() != 1 {
			return reflect.Value{}, errFallback
		}
		return m.Call(nil)[0], nil
	}
	if len(c.field) == 1 {
		return receiver.Field(c.field[0]), nil
	}
	v, err := receiver.FieldByIndexErr(c.field)
	if err != nil {
		return v, errFallback
	}
	return v, nil
}

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
