package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
)

// Programme is a benchmarking programme: the studies of one action (e.g.
// 22 products in 4 industries), repeated round after round. Studies join
// it through their design's `programme` field.
type Programme struct {
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	TitleEN     string    `json:"title_en,omitempty"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
}

type programmeRow struct {
	ID          int64 `gorm:"primaryKey"`
	Code        string
	Title       string
	TitleEN     string `gorm:"column:title_en"`
	Description string
	CreatedAt   time.Time
	CreatedBy   string
}

func (programmeRow) TableName() string { return "programmes" }

func (r *programmeRow) programme() Programme {
	return Programme{Code: r.Code, Title: r.Title, TitleEN: r.TitleEN, Description: r.Description,
		CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy}
}

type programmeReportRow struct {
	ID          string `gorm:"primaryKey"`
	ProgrammeID int64
	Lang        string
	SHA256      string `gorm:"column:sha256"`
	Size        int64
	PDF         []byte `gorm:"column:pdf"`
	Studies     string
	CreatedAt   time.Time
	CreatedBy   string
}

func (programmeReportRow) TableName() string { return "programme_reports" }

// SubjectProgramme marks the problems of a new programme (a
// *benchmark.ValidationError's Subject).
const SubjectProgramme = "programme"

// CheckProgramme lists every problem of a new programme at once: a
// well-formed code, a title, and text that can be stored.
func CheckProgramme(p *Programme) error {
	var problems []benchmark.FieldError
	add := func(field string, err error) {
		var e *benchmark.Error
		if errors.As(err, &e) {
			problems = append(problems, benchmark.FieldError{Field: field, Reason: e.Message, Msg: e.Msg})
		}
	}
	p.Code, p.Title, p.TitleEN = strings.TrimSpace(p.Code), strings.TrimSpace(p.Title), strings.TrimSpace(p.TitleEN)
	if p.Code == "" {
		msg := i18n.M("design.required")
		problems = append(problems, benchmark.FieldError{Field: "code", Reason: i18n.For(i18n.EN).Message(msg), Msg: msg})
	} else {
		add("code", benchmark.CheckCode("code", p.Code))
	}
	if p.Title == "" {
		msg := i18n.M("design.required")
		problems = append(problems, benchmark.FieldError{Field: "title", Reason: i18n.For(i18n.EN).Message(msg), Msg: msg})
	} else {
		add("title", benchmark.CheckText("title", p.Title, false))
	}
	add("title_en", benchmark.CheckText("title_en", p.TitleEN, false))
	add("description", benchmark.CheckText("description", p.Description, true))
	if len(problems) > 0 {
		return &benchmark.ValidationError{Problems: problems, Subject: SubjectProgramme}
	}
	return nil
}

// CreateProgramme stores a new programme (CheckProgramme first), audited;
// ECONFLICT when the code is taken.
func (s *Store) CreateProgramme(ctx context.Context, p Programme, actor auth.Actor) (*Programme, error) {
	if err := CheckProgramme(&p); err != nil {
		return nil, err
	}
	row := programmeRow{Code: p.Code, Title: p.Title, TitleEN: p.TitleEN, Description: p.Description,
		CreatedAt: s.now().UTC(), CreatedBy: actor.Name}
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			if benchmark.ErrorCode(translate("", err)) == benchmark.ECONFLICT {
				return appError(benchmark.ECONFLICT, "programmes.exists", p.Code)
			}
			return translate("create programme", err)
		}
		return s.audit(tx, "", actor, "programme.created", p.Code, "",
			map[string]any{"title": p.Title, "title_en": p.TitleEN, "description": p.Description})
	})
	if err != nil {
		return nil, err
	}
	out := row.programme()
	return &out, nil
}

// FindProgrammes lists every programme by code.
func (s *Store) FindProgrammes(ctx context.Context) ([]Programme, error) {
	var rows []programmeRow
	if err := s.db.WithContext(ctx).Order("code").Find(&rows).Error; err != nil {
		return nil, translate("list programmes", err)
	}
	out := make([]Programme, len(rows))
	for i := range rows {
		out[i] = rows[i].programme()
	}
	return out, nil
}

// FindProgramme returns a programme; ENOTFOUND when there is none.
func (s *Store) FindProgramme(ctx context.Context, code string) (*Programme, error) {
	row, err := s.findProgrammeRow(s.db.WithContext(ctx), code)
	if err != nil {
		return nil, err
	}
	p := row.programme()
	return &p, nil
}

func (s *Store) findProgrammeRow(tx *gorm.DB, code string) (*programmeRow, error) {
	if !storable(code) {
		return nil, appError(benchmark.ENOTFOUND, "programmes.not_found", code)
	}
	var rows []programmeRow
	if err := tx.Where("code = ?", code).Limit(1).Find(&rows).Error; err != nil {
		return nil, translate("find programme "+code, err)
	}
	if len(rows) == 0 {
		return nil, appError(benchmark.ENOTFOUND, "programmes.not_found", code)
	}
	return &rows[0], nil
}

// ProgrammeStudy is a study of a programme: its header, its place and its
// design (without blind codes).
type ProgrammeStudy struct {
	StudyHeader
	Title       string
	Industry    string
	Round       string
	Predecessor string
	Design      *benchmark.Design
}

// FindProgrammeStudies lists the studies that name programme code, by
// code, narrowed by f's States and Lab (paging is ignored).
func (s *Store) FindProgrammeStudies(ctx context.Context, code string, f StudyFilter) ([]ProgrammeStudy, error) {
	if !storable(code) {
		return nil, nil
	}
	q := s.db.WithContext(ctx).Where("programme_code = ?", code)
	if len(f.States) > 0 {
		q = q.Where("state IN ?", f.States)
	}
	if f.Lab != "" {
		q = q.Where("lab_code = ?", f.Lab)
	}
	var rows []studyRow
	if err := q.Order("code").Find(&rows).Error; err != nil {
		return nil, translate("list the studies of programme "+code, err)
	}
	out := make([]ProgrammeStudy, len(rows))
	for i, r := range rows {
		var d benchmark.Design
		if err := json.Unmarshal([]byte(r.Design), &d); err != nil {
			return nil, fmt.Errorf("decode design of study %s: %w", r.Code, err)
		}
		d.Document = json.RawMessage(r.Design)
		out[i] = ProgrammeStudy{StudyHeader: StudyHeader{Code: r.Code, Lab: r.LabCode, State: r.State, Revision: r.Revision},
			Title: r.Title, Industry: r.Industry, Round: r.RoundLabel, Predecessor: r.PredecessorCode, Design: &d}
	}
	return out, nil
}

// placeStudy copies a design's place among others into its row.
func placeStudy(row *studyRow, d *benchmark.Design) {
	row.ProgrammeCode, row.Industry, row.RoundLabel, row.PredecessorCode = d.Programme, d.Industry, d.Round, d.Predecessor
}

// Placement is what the checks of a study's place need of its design:
// the fields that must agree with stored programmes and studies.
type Placement struct {
	Code        string `json:"code"`
	Product     string `json:"product"`
	FocalRegion string `json:"focal_region"`
	Programme   string `json:"programme"`
	Round       string `json:"round"`
	Predecessor string `json:"predecessor"`
}

// PlacementOf is a design's placement.
func PlacementOf(d *benchmark.Design) Placement {
	return Placement{Code: d.Code, Product: d.Product, FocalRegion: d.FocalRegion, Programme: d.Programme,
		Round: d.Round, Predecessor: d.Predecessor}
}

// PlacementProblems lists what is wrong with a design's place among the
// stored programmes and studies: a programme that does not exist; a
// predecessor that does not exist, is of another product or focal region,
// or is not of an earlier round. The API adds them to the design's other
// problems, so that all are refused at once.
func (s *Store) PlacementProblems(ctx context.Context, p Placement) ([]benchmark.FieldError, error) {
	var out []benchmark.FieldError
	err := s.read(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.placementProblems(tx, p)
		return err
	})
	return out, err
}

// checkPlacement refuses a design whose place is wrong, inside the
// transaction that stores it (what the API checked before may have
// changed since): its own place, and the place of every study that names
// it as predecessor (a changed product, focal region or round would leave
// them following another product, or an earlier round following a later).
func (s *Store) checkPlacement(tx *gorm.DB, d *benchmark.Design) error {
	problems, err := s.placementProblems(tx, PlacementOf(d))
	if err != nil {
		return err
	}
	var successors []studyRow
	if err := tx.Where("predecessor_code = ?", d.Code).Order("code").Find(&successors).Error; err != nil {
		return translate("find the studies that follow study "+d.Code, err)
	}
	for _, row := range successors {
		var next benchmark.Design
		if err := json.Unmarshal([]byte(row.Design), &next); err != nil {
			return fmt.Errorf("decode design of study %s: %w", row.Code, err)
		}
		add := func(field, key string, args ...any) {
			msg := i18n.M(key, args...)
			problems = append(problems, benchmark.FieldError{Field: field, Reason: i18n.For(i18n.EN).Message(msg), Msg: msg})
		}
		if next.Product != d.Product {
			add("product", "programmes.design.successor_product", row.Code, next.Product)
		}
		if next.FocalRegion != d.FocalRegion {
			add("focal_region", "programmes.design.successor_focal", row.Code, next.FocalRegion)
		}
		if d.Round == "" || !RoundBefore(d.Round, next.Round) {
			add("round", "programmes.design.successor_round", row.Code, next.Round)
		}
	}
	if len(problems) > 0 {
		return &benchmark.ValidationError{Problems: problems}
	}
	return nil
}

func (s *Store) placementProblems(tx *gorm.DB, p Placement) ([]benchmark.FieldError, error) {
	var out []benchmark.FieldError
	add := func(field, key string, args ...any) {
		msg := i18n.M(key, args...)
		out = append(out, benchmark.FieldError{Field: field, Reason: i18n.For(i18n.EN).Message(msg), Msg: msg})
	}
	if p.Programme != "" && storable(p.Programme) {
		var n int64
		if err := tx.Model(&programmeRow{}).Where("code = ?", p.Programme).Count(&n).Error; err != nil {
			return nil, translate("find programme "+p.Programme, err)
		}
		if n == 0 {
			add("programme", "programmes.design.programme_unknown", p.Programme)
		}
	}
	if p.Predecessor == "" || p.Predecessor == p.Code || !storable(p.Predecessor) {
		return out, nil // a study naming itself is refused by the design's own checks
	}
	var rows []studyRow
	if err := tx.Where("code = ?", p.Predecessor).Limit(1).Find(&rows).Error; err != nil {
		return nil, translate("find study "+p.Predecessor, err)
	}
	if len(rows) == 0 {
		add("predecessor", "programmes.design.predecessor_unknown", p.Predecessor)
		return out, nil
	}
	var prev benchmark.Design
	if err := json.Unmarshal([]byte(rows[0].Design), &prev); err != nil {
		return nil, fmt.Errorf("decode design of study %s: %w", p.Predecessor, err)
	}
	if prev.Product != p.Product {
		add("predecessor", "programmes.design.predecessor_product", p.Predecessor, prev.Product, p.Product)
	}
	if prev.FocalRegion != p.FocalRegion {
		add("predecessor", "programmes.design.predecessor_focal", p.Predecessor, prev.FocalRegion, p.FocalRegion)
	}
	switch {
	case p.Round == "":
		add("round", "programmes.design.round_needed", p.Predecessor)
	case prev.Round == "":
		add("predecessor", "programmes.design.predecessor_no_round", p.Predecessor)
	case !RoundBefore(prev.Round, p.Round):
		add("predecessor", "programmes.design.predecessor_round", p.Predecessor, prev.Round, p.Round)
	}
	return out, nil
}

// RoundBefore reports whether round a comes before round b: as numbers
// when both are whole numbers ("2016" < "2017", "9" < "10"), else in
// code-point order ("2016-H2" < "2017-H1").
func RoundBefore(a, b string) bool {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		return x < y
	}
	return a < b
}

// StudyRevision names a study at one revision: what a programme report
// was made from.
type StudyRevision struct {
	Code     string `json:"code"`
	Revision int64  `json:"revision"`
}

// ProgrammeReport is a programme's stored summary report.
type ProgrammeReport struct {
	ID        string          `json:"id"`
	Programme string          `json:"programme"`
	Lang      string          `json:"lang"`
	SHA256    string          `json:"sha256"`
	Size      int64           `json:"size"`
	Studies   []StudyRevision `json:"studies"`
	CreatedAt time.Time       `json:"created_at"`
	CreatedBy string          `json:"created_by"`
	// PDF is filled by FindProgrammeReport only.
	PDF []byte `json:"-"`
	// States are the current states of its studies (FindProgrammeReport
	// only): readers may download it once every one is published.
	States map[string]string `json:"-"`
}

// CreateProgrammeReport stores a rendered programme report under a new
// random id, with its SHA-256 and the studies it shows; audited.
func (s *Store) CreateProgrammeReport(ctx context.Context, code, lang string, pdf []byte, studies []StudyRevision, actor auth.Actor) (*ProgrammeReport, error) {
	idBytes := make([]byte, 16)
	if _, err := rand.Read(idBytes); err != nil {
		return nil, fmt.Errorf("draw report id: %w", err)
	}
	if studies == nil {
		studies = []StudyRevision{}
	}
	sum := sha256.Sum256(pdf)
	rep := &ProgrammeReport{ID: hex.EncodeToString(idBytes), Programme: code, Lang: lang, SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(pdf)), Studies: studies, CreatedAt: s.now().UTC(), CreatedBy: actor.Name}
	err := s.write(ctx, func(tx *gorm.DB) error {
		p, err := s.findProgrammeRow(tx, code)
		if err != nil {
			return err
		}
		rr := programmeReportRow{ID: rep.ID, ProgrammeID: p.ID, Lang: lang, SHA256: rep.SHA256, Size: rep.Size, PDF: pdf,
			Studies: mustJSON(studies), CreatedAt: rep.CreatedAt, CreatedBy: actor.Name}
		if err := tx.Create(&rr).Error; err != nil {
			return translate("store programme report", err)
		}
		return s.audit(tx, "", actor, "programme.report_created", code,
			"", map[string]any{"id": rep.ID, "lang": lang, "sha256": rep.SHA256, "size": rep.Size, "studies": studies})
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// FindProgrammeReports lists a programme's reports, newest first, without
// their bytes.
func (s *Store) FindProgrammeReports(ctx context.Context, code string) ([]ProgrammeReport, error) {
	var out []ProgrammeReport
	err := s.read(ctx, func(tx *gorm.DB) error {
		p, err := s.findProgrammeRow(tx, code)
		if err != nil {
			return err
		}
		var rows []programmeReportRow
		if err := tx.Select("id", "lang", "sha256", "size", "studies", "created_at", "created_by").
			Where("programme_id = ?", p.ID).Order("created_at DESC, id").Find(&rows).Error; err != nil {
			return translate("list programme reports", err)
		}
		out = make([]ProgrammeReport, len(rows))
		for i := range rows {
			if out[i], err = programmeReportOf(&rows[i], code); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// FindProgrammeReport returns one report of programme code with its PDF
// and the current states of its studies; ENOTFOUND when there is none.
func (s *Store) FindProgrammeReport(ctx context.Context, code, id string) (*ProgrammeReport, error) {
	var out *ProgrammeReport
	err := s.read(ctx, func(tx *gorm.DB) error {
		p, err := s.findProgrammeRow(tx, code)
		if err != nil {
			return err
		}
		var rows []programmeReportRow
		if storable(id) {
			if err := tx.Where("id = ? AND programme_id = ?", id, p.ID).Limit(1).Find(&rows).Error; err != nil {
				return translate("find programme report", err)
			}
		}
		if len(rows) == 0 {
			return appError(benchmark.ENOTFOUND, "store.report_not_found", id)
		}
		rep, err := programmeReportOf(&rows[0], code)
		if err != nil {
			return err
		}
		rep.PDF = rows[0].PDF
		codes := make([]string, len(rep.Studies))
		for i, st := range rep.Studies {
			codes[i] = st.Code
		}
		rep.States = map[string]string{}
		if len(codes) > 0 {
			var states []studyRow
			if err := tx.Select("code", "state").Where("code IN ?", codes).Find(&states).Error; err != nil {
				return translate("read the states of a programme report's studies", err)
			}
			for _, st := range states {
				rep.States[st.Code] = st.State
			}
		}
		out = &rep
		return nil
	})
	return out, err
}

func programmeReportOf(r *programmeReportRow, code string) (ProgrammeReport, error) {
	rep := ProgrammeReport{ID: r.ID, Programme: code, Lang: r.Lang, SHA256: r.SHA256, Size: r.Size,
		CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy}
	if err := json.Unmarshal([]byte(r.Studies), &rep.Studies); err != nil {
		return rep, fmt.Errorf("decode the studies of programme report %s: %w", r.ID, err)
	}
	return rep, nil
}
