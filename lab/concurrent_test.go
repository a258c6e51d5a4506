package lab_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/qbench/qbench/lab"
)

// TestReadConcurrentlySameAsOnePass: a large plain CSV file read in two
// halves at once (CheckOptions.Concurrent) gives exactly what one pass
// gives — the same results in the same order, or the same problems with
// the same row numbers — whether the file is good, repeats a result of
// its first half in its second, has a problem in either half only, has
// an unnamed column with a value, blank lines or CRLF line ends.
func TestReadConcurrentlySameAsOnePass(t *testing.T) {
	d, data := bigStudy(t)
	lines := strings.SplitAfter(string(data), "\n")
	lines = lines[:len(lines)-1] // the empty string after the last "\n"
	with := func(edit func(lines []string) []string) []byte {
		return []byte(strings.Join(edit(append([]string(nil), lines...)), ""))
	}
	n := len(lines)
	cases := map[string][]byte{
		"good": data,
		"repeat across halves": with(func(l []string) []string {
			l[n-10] = l[10]
			return l
		}),
		"problem in the second half only": with(func(l []string) []string {
			l[n-5] = strings.Replace(l[n-5], "SCTQ", "OTHER", 1)
			return l
		}),
		"problem in the first half only": with(func(l []string) []string {
			l[5] = strings.Replace(l[5], "2016-06-", "2016-13-", 1)
			return l
		}),
		"unnamed column, value in the second half": with(func(l []string) []string {
			for i := range l {
				l[i] = strings.TrimSuffix(l[i], "\n") + ",\n"
			}
			l[n-3] = strings.TrimSuffix(l[n-3], "\n") + "x\n"
			return l
		}),
		"blank lines and CRLF": with(func(l []string) []string {
			for i := range l {
				l[i] = strings.TrimSuffix(l[i], "\n") + "\r\n"
			}
			l[n/2] = "\n" + l[n/2]
			l[n/2+1] = "\r\n\n" + l[n/2+1]
			return l
		}),
		"wide row count in the second half": with(func(l []string) []string {
			l[n-2] = strings.TrimSuffix(l[n-2], "\n") + ",extra\n"
			return l
		}),
	}
	for name, file := range cases {
		t.Run(name, func(t *testing.T) {
			// bytes.Reader, not lab.Bytes: the path of a file on disk.
			one, oneErr := lab.Read(bytes.NewReader(file), int64(len(file)), lab.CSV, d, lab.CheckOptions{})
			two, twoErr := lab.Read(bytes.NewReader(file), int64(len(file)), lab.CSV, d, lab.CheckOptions{Concurrent: true})
			// And from memory, the cells pointing into the file.
			mem, memErr := lab.Read(lab.Bytes(file), int64(len(file)), lab.CSV, d, lab.CheckOptions{Concurrent: true})
			if !reflect.DeepEqual(oneErr, memErr) || !reflect.DeepEqual(one, mem) {
				t.Fatalf("in memory: %d results, error %v; one pass: %d, %v", len(mem), memErr, len(one), oneErr)
			}
			if !reflect.DeepEqual(oneErr, twoErr) {
				t.Fatalf("errors differ:\none pass: %v\nhalves:   %v", oneErr, twoErr)
			}
			if !reflect.DeepEqual(one, two) {
				t.Fatalf("results differ: %d in one pass, %d in halves", len(one), len(two))
			}
			// Into an array made ahead (the CLI's way), big enough or not.
			for _, room := range []int{bytes.Count(file, []byte{'\n'}) + 1, 1000} {
				into := lab.ResultsArray(room)
				got, err := lab.Read(lab.Bytes(file), int64(len(file)), lab.CSV, d, lab.CheckOptions{Concurrent: true, Results: into})
				if !reflect.DeepEqual(oneErr, err) || !reflect.DeepEqual(one, got) {
					t.Fatalf("into an array of %d: %d results, error %v; one pass: %d, %v", room, len(got), err, len(one), oneErr)
				}
				if used := len(got) > 0 && &got[0] == &into[:1][0]; used != (room > 1000 && err == nil) {
					t.Errorf("into an array of %d: the array used: %v", room, used)
				}
			}
			if name == "good" && len(two) != 100_000 {
				t.Fatalf("%d results, want 100000", len(two))
			}
			if name != "good" && name != "blank lines and CRLF" && oneErr == nil {
				t.Fatalf("the file was accepted; the case means a problem")
			}
		})
	}
}
