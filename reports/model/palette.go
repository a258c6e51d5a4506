package model

import (
	"fmt"

	"github.com/qbench/qbench/benchmark"
)

// RGB is a colour with 8-bit channels.
type RGB struct{ R, G, B int }

// Hex is the colour as CSS writes it, "#0072b2".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Role is what a colour means. The model names roles, never colours, so
// that the PDF and the console's SVG colour the same things alike and a
// palette change is made here once.
type Role int

// The roles of the palette. Advantage and shortfall use the blue and
// vermillion of the Okabe–Ito set, which stay distinct for colour-blind
// readers and in greyscale print.
const (
	RoleText Role = iota
	RoleMuted
	RoleAccent
	RoleRule
	RoleGrid
	RoleZebra
	RoleHighlight
	RoleWhite
	RoleAdvantage
	RoleShortfall
	RoleParity
	RoleInsufficient
	RoleLimit
	RoleTarget
	// roleRegion is the first of the region roles (see RegionRole).
	roleRegion
)

var roleColors = [...]RGB{
	RoleText:      {33, 37, 41},
	RoleMuted:     {108, 117, 125},
	RoleAccent:    {31, 56, 100},
	RoleRule:      {196, 203, 212},
	RoleGrid:      {226, 230, 235},
	RoleZebra:     {245, 247, 250},
	RoleHighlight: {221, 234, 247},
	RoleWhite:     {255, 255, 255},
	RoleAdvantage: {0, 114, 178},
	RoleShortfall: {213, 94, 0},
	RoleParity:    {160, 166, 172},
	// Insufficient data is the Okabe–Ito yellow: not a shade of the
	// parity grey, so that "cannot be judged" never reads as "level".
	RoleInsufficient: {240, 228, 66},
	RoleLimit:        {192, 57, 43},
	RoleTarget:       {0, 140, 100},
}

var roleNames = [...]string{
	RoleText: "text", RoleMuted: "muted", RoleAccent: "accent", RoleRule: "rule", RoleGrid: "grid",
	RoleZebra: "zebra", RoleHighlight: "highlight", RoleWhite: "white", RoleAdvantage: "advantage",
	RoleShortfall: "shortfall", RoleParity: "parity", RoleInsufficient: "insufficient",
	RoleLimit: "limit", RoleTarget: "target",
}

// regionPalette colours the regions in charts; the focal region always
// takes the first colour, the references the others in design order.
var regionPalette = [...]RGB{
	{0, 114, 178},   // blue (focal)
	{230, 159, 0},   // orange
	{0, 158, 115},   // bluish green
	{204, 121, 167}, // reddish purple
	{86, 180, 233},  // sky blue
	{213, 94, 0},    // vermillion
	{120, 94, 60},   // brown
	{110, 110, 110}, // grey
	{150, 150, 40},  // olive
	{90, 60, 160},   // violet
	{0, 0, 0},       // black
}

// RegionRole is the role of the i-th region, focal first (0), the
// references in design order; the colours repeat after eleven regions.
func RegionRole(i int) Role { return roleRegion + Role(i%len(regionPalette)) }

// RGB is the role's colour.
func (r Role) RGB() RGB {
	if r >= roleRegion {
		return regionPalette[int(r-roleRegion)%len(regionPalette)]
	}
	if r < 0 {
		return roleColors[RoleMuted]
	}
	return roleColors[r]
}

// String names the role ("advantage", "region-2"), e.g. for a CSS class.
func (r Role) String() string {
	if r >= roleRegion {
		return fmt.Sprintf("region-%d", int(r-roleRegion))
	}
	if r < 0 || int(r) >= len(roleNames) {
		return fmt.Sprintf("Role(%d)", int(r))
	}
	return roleNames[r]
}

// VerdictRole colours a bar, mark or cell by a comparison's verdict:
// advantage, shortfall, insufficient data, else parity.
func VerdictRole(verdict string) Role {
	switch verdict {
	case benchmark.VerdictAdvantage:
		return RoleAdvantage
	case benchmark.VerdictShortfall:
		return RoleShortfall
	case benchmark.VerdictInsufficient:
		return RoleInsufficient
	}
	return RoleParity
}
