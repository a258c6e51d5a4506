// Package archtest holds tests of the code's architecture rather than its
// behaviour: which package may import which library. It has no code.
package archtest
