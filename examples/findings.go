package examples

import _ "embed"

// GreenTeaFindings are expert findings written for the green tea demo
// (JSON): causes, conclusions and recommendations as a panel would give
// them after reading the demo's profile.
//
//go:embed green-tea/findings.json
var GreenTeaFindings []byte
