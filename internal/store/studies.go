package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
)

// StudySummary is one line of the study list.
type StudySummary struct {
	Code      string    `json:"code"`
	Title     string    `json:"title,omitempty"`
	Lab       string    `json:"lab"`
	State     string    `json:"state"`
	Revision  int64     `json:"revision"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// StudyFilter narrows FindStudies.
type StudyFilter struct {
	// States keeps studies in one of these states (all when empty).
	States []string
	// Lab keeps the studies of one lab (all when empty).
	Lab    string
	Limit  int
	Offset int
}

// CreateStudy stores a new study in state draft. The design must be valid;
// ECONFLICT when the code is taken.
func (s *Store) CreateStudy(ctx context.Context, d *benchmark.Design, actor auth.Actor) (*benchmark.Study, error) {
	body, err := d.JSON()
	if err != nil {
		return nil, fmt.Errorf("encode design: %w", err)
	}
	now := s.now().UTC()
	row := studyRow{Code: d.Code, Title: d.Title, LabCode: d.Lab.Code, State: benchmark.StateDraft,
		Design: string(body), Revision: 1, CreatedAt: now, UpdatedAt: now}
	placeStudy(&row, d)
	err = s.write(ctx, func(tx *gorm.DB) error {
		if err := s.checkPlacement(tx, d); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			if benchmark.ErrorCode(translate("", err)) == benchmark.ECONFLICT {
				return appError(benchmark.ECONFLICT, "store.study_exists", d.Code)
			}
			return translate("create study", err)
		}
		return s.audit(tx, d.Code, actor, "study.created", d.Code, "", map[string]any{"design": json.RawMessage(body)})
	})
	if err != nil {
		return nil, err
	}
	return &benchmark.Study{Design: d, State: row.State, Revision: row.Revision, CreatedAt: now, UpdatedAt: now}, nil
}

// FindStudyByCode returns a study with its blind codes and result count;
// ENOTFOUND when there is none.
func (s *Store) FindStudyByCode(ctx context.Context, code string) (*benchmark.Study, error) {
	var out *benchmark.Study
	err := s.read(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, false)
		if err != nil {
			return err
		}
		if out, err = s.loadStudy(tx, row); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&resultRow{}).Where("study_id = ?", row.ID).Count(&n).Error; err != nil {
			return translate("count results", err)
		}
		out.ResultCount = int(n)
		return nil
	})
	return out, err
}

// findStudyRow reads a study's row; with lock, it is locked until the
// transaction ends (PostgreSQL; SQLite's immediate transactions hold the
// database's write lock already), so that writes to one study serialise.
func (s *Store) findStudyRow(tx *gorm.DB, code string, lock bool) (*studyRow, error) {
	if !storable(code) {
		return nil, appError(benchmark.ENOTFOUND, "store.study_not_found", strconv.Quote(code))
	}
	var row studyRow
	q := tx
	if lock && s.dialect == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.Where("code = ?", code).Take(&row).Error; err != nil {
		if benchmark.ErrorCode(translate("", err)) == benchmark.ENOTFOUND {
			return nil, appError(benchmark.ENOTFOUND, "store.study_not_found", code)
		}
		return nil, translate("find study "+code, err)
	}
	return &row, nil
}

// loadStudy decodes a study row and its blind codes.
func (s *Store) loadStudy(tx *gorm.DB, row *studyRow) (*benchmark.Study, error) {
	var d benchmark.Design
	if err := json.Unmarshal([]byte(row.Design), &d); err != nil {
		return nil, fmt.Errorf("decode design of study %s: %w", row.Code, err)
	}
	d.Document = json.RawMessage(row.Design)
	var codes []blindCodeRow
	if err := tx.Where("study_id = ?", row.ID).Find(&codes).Error; err != nil {
		return nil, translate("read blind codes", err)
	}
	st := &benchmark.Study{Design: &d, State: row.State, Revision: row.Revision,
		CreatedAt: row.CreatedAt.UTC(), UpdatedAt: row.UpdatedAt.UTC()}
	if len(codes) > 0 {
		st.BlindCodes = make(map[string]string, len(codes))
		for _, c := range codes {
			st.BlindCodes[c.SampleCode] = c.BlindCode
		}
	}
	return st, nil
}

// FindStudies lists studies by code, with the total before paging.
func (s *Store) FindStudies(ctx context.Context, f StudyFilter) ([]StudySummary, int, error) {
	q := s.db.WithContext(ctx).Model(&studyRow{})
	if len(f.States) > 0 {
		q = q.Where("state IN ?", f.States)
	}
	if f.Lab != "" {
		q = q.Where("lab_code = ?", f.Lab)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate("count studies", err)
	}
	var rows []studyRow
	if err := q.Select("code", "title", "lab_code", "state", "revision", "created_at", "updated_at").
		Order("code").Limit(f.Limit).Offset(f.Offset).Find(&rows).Error; err != nil {
		return nil, 0, translate("list studies", err)
	}
	out := make([]StudySummary, len(rows))
	for i, r := range rows {
		out[i] = StudySummary{Code: r.Code, Title: r.Title, Lab: r.LabCode, State: r.State,
			Revision: r.Revision, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	}
	return out, int(total), nil
}

// UpdateDesign replaces the design of a draft study (the code must stay).
// ECONFLICT once the study has opened: its design is frozen then.
func (s *Store) UpdateDesign(ctx context.Context, code string, d *benchmark.Design, actor auth.Actor, reason string) (*benchmark.Study, error) {
	return s.ChangeDesign(ctx, code, DesignChange{Actor: actor, Reason: reason,
		Apply: func(*benchmark.Design) (*benchmark.Design, error) { return d, nil }})
}

// DesignChange is one change of a draft study's design.
type DesignChange struct {
	// Apply makes the new design from the current one; it runs inside the
	// transaction that holds the study's row, so that concurrent changes
	// apply one after the other and none is lost (a merge patch is applied
	// to the design as the previous change left it).
	Apply func(current *benchmark.Design) (*benchmark.Design, error)
	// IfRevision, when not 0, is the revision the caller changed from
	// (If-Match): ESTALE when the study has moved on since.
	IfRevision int64
	// IfMatch is the caller's If-Match as sent, for the message.
	IfMatch string
	Actor   auth.Actor
	Reason  string
}

// ChangeDesign changes the design of a draft study under the study's row
// lock (PostgreSQL: SELECT … FOR UPDATE; SQLite: the one writer's
// immediate transaction). ECONFLICT once the study has opened, ESTALE when
// IfRevision no longer holds, EINVALID when the code would change.
func (s *Store) ChangeDesign(ctx context.Context, code string, ch DesignChange) (*benchmark.Study, error) {
	reason, err := benchmark.CheckReason(ch.Reason)
	if err != nil {
		return nil, err
	}
	var out *benchmark.Study
	err = s.write(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, true)
		if err != nil {
			return err
		}
		if row.State != benchmark.StateDraft {
			return appError(benchmark.ECONFLICT, "store.design_frozen", code, stateWord(row.State))
		}
		if ch.IfRevision != 0 && ch.IfRevision != row.Revision {
			msg := i18n.M("records.design.stale", code, row.Revision, ch.IfMatch)
			return &benchmark.Error{Code: benchmark.ESTALE, Message: i18n.For(i18n.EN).Message(msg), Msg: msg}
		}
		current, err := s.loadStudy(tx, row)
		if err != nil {
			return err
		}
		d, err := ch.Apply(current.Design)
		if err != nil {
			return err
		}
		if d.Code != code {
			return appError(benchmark.EINVALID, "store.code_changed", d.Code, code)
		}
		body, err := d.JSON()
		if err != nil {
			return fmt.Errorf("encode design: %w", err)
		}
		actor := ch.Actor
		if err := s.checkPlacement(tx, d); err != nil {
			return err
		}
		row.Design, row.Title, row.LabCode = string(body), d.Title, d.Lab.Code
		placeStudy(row, d)
		row.Revision++
		row.UpdatedAt = s.now().UTC()
		if err := tx.Save(row).Error; err != nil {
			return translate("update design", err)
		}
		if err := s.audit(tx, code, actor, "study.design_updated", code, reason, map[string]any{"design": json.RawMessage(body)}); err != nil {
			return err
		}
		out, err = s.loadStudy(tx, row)
		return err
	})
	return out, err
}

// SetState moves a study through its lifecycle (benchmark.CheckTransition).
// Opening a study for the first time draws a blind code for every sample.
func (s *Store) SetState(ctx context.Context, code, to string, actor auth.Actor, reason string) (*benchmark.Study, error) {
	var out *benchmark.Study
	err := s.write(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, true)
		if err != nil {
			return err
		}
		from := row.State
		if err := benchmark.CheckTransition(from, to); err != nil {
			return err
		}
		if reason, err = benchmark.CheckMoveReason(code, from, to, reason); err != nil {
			return err
		}
		st, err := s.loadStudy(tx, row)
		if err != nil {
			return err
		}
		detail := map[string]any{"from": from, "to": to}
		switch to {
		case benchmark.StateClosed, benchmark.StatePublished:
			results, gaps, err := s.coverage(tx, row.ID, st.Design)
			if err != nil {
				return err
			}
			if to == benchmark.StatePublished {
				err = benchmark.CheckPublish(code, results)
			} else if from == benchmark.StateOpen {
				err = benchmark.CheckClose(code, results, gaps, len(st.Design.Indicators)*len(st.Design.Regions), reason)
				if len(gaps) > 0 {
					detail["gaps"] = gaps // why the reason was needed
				}
			}
			if err != nil {
				return err
			}
		}
		if to == benchmark.StateOpen {
			if err := benchmark.CheckOpen(code, len(st.Design.Samples)); err != nil {
				return err
			}
		}
		if to == benchmark.StateOpen && len(st.BlindCodes) == 0 {
			if st.BlindCodes, err = s.drawBlindCodes(tx, row.ID, st.Design); err != nil {
				return err
			}
		}
		row.State = to
		row.Revision++
		row.UpdatedAt = s.now().UTC()
		if err := tx.Save(row).Error; err != nil {
			return translate("update study state", err)
		}
		if err := s.audit(tx, code, actor, "study.state_changed", code, reason, detail); err != nil {
			return err
		}
		st.State, st.Revision, st.UpdatedAt = row.State, row.Revision, row.UpdatedAt
		out = st
		return nil
	})
	return out, err
}

// coverage counts a study's results and lists the indicator × region cells
// of its design that have none.
func (s *Store) coverage(tx *gorm.DB, studyID int64, d *benchmark.Design) (int, []benchmark.Gap, error) {
	var pairs []struct {
		SampleCode    string
		IndicatorCode string
		N             int
	}
	if err := tx.Model(&resultRow{}).Select("sample_code, indicator_code, COUNT(*) AS n").
		Where("study_id = ?", studyID).Group("sample_code, indicator_code").Scan(&pairs).Error; err != nil {
		return 0, nil, translate("read result coverage", err)
	}
	total := 0
	measured := make(map[[2]string]bool, len(pairs))
	for _, p := range pairs {
		total += p.N
		measured[[2]string{p.SampleCode, p.IndicatorCode}] = true
	}
	return total, benchmark.Gaps(d, measured), nil
}

// blindAlphabet leaves out 0/O and 1/I/L, which labs misread.
const blindAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// drawBlindCodes gives every sample a random code ("Q-7K3M9P") that says
// nothing about its region, enterprise or order.
func (s *Store) drawBlindCodes(tx *gorm.DB, studyID int64, d *benchmark.Design) (map[string]string, error) {
	codes := make(map[string]string, len(d.Samples))
	used := make(map[string]bool, len(d.Samples))
	rows := make([]blindCodeRow, 0, len(d.Samples))
	for _, sample := range d.Samples {
		var code string
		for code == "" || used[code] {
			var err error
			if code, err = randomBlindCode(); err != nil {
				return nil, err
			}
		}
		used[code] = true
		codes[sample.Code] = code
		rows = append(rows, blindCodeRow{StudyID: studyID, SampleCode: sample.Code, BlindCode: code})
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return nil, translate("store blind codes", err)
	}
	return codes, nil
}

// randomBlindCode draws "Q-" and six letters of blindAlphabet, rejecting
// bytes past the largest multiple of the alphabet's size so that every
// letter is equally likely.
func randomBlindCode() (string, error) {
	const n = len(blindAlphabet)
	const limit = 256 - 256%n
	code := []byte("Q-")
	buf := make([]byte, 16)
	for len(code) < 8 {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("draw blind code: %w", err)
		}
		for _, x := range buf {
			if int(x) < limit && len(code) < 8 {
				code = append(code, blindAlphabet[int(x)%n])
			}
		}
	}
	return string(code), nil
}

// StudyHeader is what access checks and caches need of a study, without its
// design.
type StudyHeader struct {
	Code     string
	Lab      string
	State    string
	Revision int64
}

// FindStudyHeader reads a study's lab, state and revision; ENOTFOUND when
// there is no such study.
func (s *Store) FindStudyHeader(ctx context.Context, code string) (*StudyHeader, error) {
	if !storable(code) {
		return nil, appError(benchmark.ENOTFOUND, "store.study_not_found", strconv.Quote(code))
	}
	var rows []studyRow
	if err := s.db.WithContext(ctx).Select("code", "lab_code", "state", "revision").
		Where("code = ?", code).Limit(1).Find(&rows).Error; err != nil {
		return nil, translate("find study "+code, err)
	}
	if len(rows) == 0 {
		return nil, appError(benchmark.ENOTFOUND, "store.study_not_found", code)
	}
	r := rows[0]
	return &StudyHeader{Code: r.Code, Lab: r.LabCode, State: r.State, Revision: r.Revision}, nil
}
