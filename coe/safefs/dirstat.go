package safefs

import (
	"os"
	"slices"
	"strings"
)

// DirStat is what ReadDirStat tells of an entry of a folder: its name, and
// for a regular file its size, modification time (Unix nanoseconds) and
// inode.
type DirStat struct {
	Name          string
	Size, ModTime int64
	Ino           uint64
	// Regular says the entry is a regular file (not a link, folder,
	// device or pipe); the other fields are then set.
	Regular bool
}

// ReadDirStat lists the folder at path, inside the root, and looks at
// each entry that want accepts (want sees its name and whether it is a
// folder): a warm command's first step, so it takes one look (lstat,
// from the open folder) an entry and allocates little. The entries come
// sorted by name.
func (r *Root) ReadDirStat(path string, want func(name string, isDir bool) bool) ([]DirStat, error) {
	f, err := r.openDir(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := readDirStat(f, want)
	if err != nil {
		return nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	return out, nil
}

// readDirStatPortable is readDirStat from os.File.ReadDir, for where the
// folder cannot be read raw.
func readDirStatPortable(f *os.File, want func(name string, isDir bool) bool) ([]DirStat, error) {
	entries, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	var out []DirStat
	for _, e := range entries {
		if !want(e.Name(), e.IsDir()) {
			continue
		}
		d := DirStat{Name: e.Name()}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			d.Size, d.ModTime, d.Ino, d.Regular = info.Size(), info.ModTime().UnixNano(), Inode(info), true
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b DirStat) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
