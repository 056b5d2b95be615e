package evidence

import (
	"bufio"
	"fmt"
	"os/exec"
	"strings"
)

// BenchCOE is the COE the trailers of WriteBenchRepo name.
const BenchCOE = "2024-01-28-speaker-groups-stopped-playing"

// WriteBenchRepo makes a git repository in dir (which must not hold one)
// with a history of n commits on its main branch, one after the other a
// minute apart, made by git fast-import in seconds. Every 100th commit has
// a COE-Action trailer naming an action of BenchCOE (CA-1 to CA-7), every
// 300th with "done"; one in 50 mentions COE-Action in its body without it
// being a trailer. It returns the number of commits with a trailer.
func WriteBenchRepo(dir string, n int) (int, error) {
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("git init: %v: %s", err, out)
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	in, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("git fast-import: %v", err)
	}
	w := bufio.NewWriterSize(in, 1<<20)
	trailers := 0
	for i := 1; i <= n; i++ {
		msg := fmt.Sprintf("Change %d of the group service\n\nA paragraph saying what the change does and why, as a commit message does.\n", i)
		if i%50 == 25 {
			msg += "\nThis body mentions COE-Action: " + BenchCOE + "#CA-1 in passing,\nwhich is not a trailer.\n"
		}
		if i%100 == 0 {
			done := ""
			if i%300 == 0 {
				done = " done"
			}
			msg += fmt.Sprintf("\nCOE-Action: %s#CA-%d%s\nSigned-off-by: Dev <dev@example.com>\n", BenchCOE, i/100%7+1, done)
			trailers++
		}
		fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\ncommitter Dev <dev@example.com> %d +0000\ndata %d\n%s\n", i, 1600000000+i*60, len(msg), msg)
		if i > 1 {
			fmt.Fprintf(w, "from :%d\n", i-1)
		}
		w.WriteString("\n")
	}
	werr := w.Flush()
	in.Close()
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("git fast-import: %v: %s", err, errOut.String())
	}
	if werr != nil {
		return 0, werr
	}
	if out, err := exec.Command("git", "-C", dir, "symbolic-ref", "HEAD", "refs/heads/main").CombinedOutput(); err != nil {
		return 0, fmt.Errorf("git symbolic-ref: %v: %s", err, out)
	}
	return trailers, nil
}
