//go:build !linux

package safefs

import "os"

func readDirStat(f *os.File, want func(name string, isDir bool) bool) ([]DirStat, error) {
	return readDirStatPortable(f, want)
}
