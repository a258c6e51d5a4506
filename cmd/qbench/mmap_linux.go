package main

import (
	"os"
	"syscall"
)

// mapFile maps a regular file into memory, read only, its pages loaded in
// the same call (MAP_POPULATE): reading a 7 MB results file so costs one
// system call instead of a page fault every 4 KiB, and no copy. The CLI
// reads the files it was given, which nobody is expected to truncate
// while it runs (a truncated mapping would fault). ok is false when the
// file cannot be mapped; the caller then reads it through the file.
func mapFile(f *os.File, size int64) (data []byte, unmap func(), ok bool) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, false
	}
	return data, func() { _ = syscall.Munmap(data) }, true
}
