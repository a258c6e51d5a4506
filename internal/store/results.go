package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

// Upload describes one uploaded file of results.
type Upload struct {
	Format   string
	Filename string
	SHA256   string
	// Reason explains why existing results are replaced; required then.
	Reason string
	Actor  auth.Actor
}

// UploadSummary tells what an upload changed.
type UploadSummary struct {
	ID        int64 `json:"upload_id"`
	Total     int   `json:"rows"`
	Created   int   `json:"created"`
	Replaced  int   `json:"replaced"`
	Unchanged int   `json:"unchanged"`
}

// storedResult is an existing result as far as a replacement needs it.
type storedResult struct {
	id int64
	benchmark.Result
}

// resultColumns are written by every insert, in this order.
const resultColumns = "study_id, sample_code, indicator_code, replicate, reported, value, non_detect, lod, unit, method, lab_code, tested_on, analyst, upload_id"

// SaveResults stores checked results of an open study in one transaction:
// new results are added, results that differ from the stored ones replace
// them (which needs a reason and leaves the old value in the audit trail),
// identical ones are left alone. Uploads to one study serialise on the
// study's row, so that two concurrent uploads never interleave.
func (s *Store) SaveResults(ctx context.Context, code string, results []benchmark.Result, up Upload) (*UploadSummary, error) {
	sum := &UploadSummary{Total: len(results)}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, true)
		if err != nil {
			return err
		}
		if row.State != benchmark.StateOpen {
			return benchmark.Errorf(benchmark.ECONFLICT, "study %s is %s: results can be uploaded only while it is open", code, row.State)
		}
		existing, err := s.readStoredResults(tx, row.ID)
		if err != nil {
			return err
		}
		var write []benchmark.Result
		var replacedIDs []int64
		var replaced []replacement
		for _, r := range results {
			old, ok := existing[r.Key()]
			switch {
			case !ok:
				sum.Created++
				write = append(write, r)
			case sameResult(&old.Result, &r):
				sum.Unchanged++
			default:
				sum.Replaced++
				write = append(write, r)
				replacedIDs = append(replacedIDs, old.id)
				replaced = append(replaced, replacement{old: old.Result, new: r})
			}
		}
		if sum.Replaced > 0 && strings.TrimSpace(up.Reason) == "" {
			return benchmark.Errorf(benchmark.EINVALID,
				"%d of the uploaded results replace stored ones with other values: give a reason for the replacement", sum.Replaced)
		}
		upload := uploadRow{StudyID: row.ID, Format: up.Format, Filename: up.Filename, SHA256: up.SHA256,
			RowsTotal: sum.Total, RowsCreated: sum.Created, RowsReplaced: sum.Replaced, RowsUnchanged: sum.Unchanged,
			Reason: up.Reason, ActorName: up.Actor.Name, ActorRole: up.Actor.Role, CreatedAt: s.now().UTC()}
		if err := tx.Create(&upload).Error; err != nil {
			return translate("record upload", err)
		}
		sum.ID = upload.ID
		if err := deleteByID(tx, "results", replacedIDs); err != nil {
			return err
		}
		if err := s.insertResults(tx, row.ID, upload.ID, write); err != nil {
			return err
		}
		if err := s.auditUpload(tx, code, up, sum, replaced); err != nil {
			return err
		}
		if sum.Created+sum.Replaced > 0 {
			if err := tx.Model(row).Update("revision", gorm.Expr("revision + 1")).Error; err != nil {
				return translate("bump study revision", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

type replacement struct{ old, new benchmark.Result }

// auditUpload records the upload and, for every replaced result, its
// earlier value: the trail keeps what the lab first reported.
func (s *Store) auditUpload(tx *gorm.DB, code string, up Upload, sum *UploadSummary, replaced []replacement) error {
	if err := s.audit(tx, code, up.Actor, "results.uploaded", fmt.Sprintf("upload %d", sum.ID), up.Reason, map[string]any{
		"upload_id": sum.ID, "format": up.Format, "filename": up.Filename, "sha256": up.SHA256,
		"rows": sum.Total, "created": sum.Created, "replaced": sum.Replaced, "unchanged": sum.Unchanged,
	}); err != nil {
		return err
	}
	if len(replaced) == 0 {
		return nil
	}
	rows := make([]auditRow, len(replaced))
	at := s.now().UTC()
	for i, r := range replaced {
		k := r.old.Key()
		detail := fmt.Sprintf(`{"upload_id":%d,"old":%s,"new":%s}`, sum.ID, mustJSON(auditValue(&r.old)), mustJSON(auditValue(&r.new)))
		rows[i] = auditRow{StudyCode: code, At: at, ActorName: up.Actor.Name, ActorRole: up.Actor.Role,
			Action: "result.replaced", Subject: fmt.Sprintf("%s/%s/%d", k.Sample, k.Indicator, k.Replicate),
			Reason: up.Reason, Detail: detail}
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return translate("write audit trail", err)
	}
	return nil
}

// auditValue is what the trail keeps of a result.
func auditValue(r *benchmark.Result) map[string]any {
	m := map[string]any{"value": r.Reported, "unit": r.Unit, "method": r.Method, "lab": r.Lab}
	if r.LOD != nil {
		m["lod"] = *r.LOD
	}
	if r.TestedOn != "" {
		m["tested_on"] = r.TestedOn
	}
	if r.Analyst != "" {
		m["analyst"] = r.Analyst
	}
	return m
}

// sameResult reports whether an upload repeats a stored result unchanged.
func sameResult(a, b *benchmark.Result) bool {
	return a.Reported == b.Reported && equalPtr(a.LOD, b.LOD) && a.Unit == b.Unit && a.Method == b.Method &&
		a.Lab == b.Lab && a.TestedOn == b.TestedOn && a.Analyst == b.Analyst
}

func equalPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// readStoredResults reads a study's results keyed by sample, indicator and
// replicate.
func (s *Store) readStoredResults(tx *gorm.DB, studyID int64) (map[benchmark.ResultKey]storedResult, error) {
	out := map[benchmark.ResultKey]storedResult{}
	err := scanResults(tx, studyID, func(id int64, r benchmark.Result) {
		out[r.Key()] = storedResult{id: id, Result: r}
	})
	return out, err
}

// scanResults streams a study's results in key order. It scans by hand
// rather than through gorm's reflection: a profile of a large study reads
// 100,000 rows and this loop is most of its time.
func scanResults(tx *gorm.DB, studyID int64, fn func(id int64, r benchmark.Result)) error {
	rows, err := tx.Raw(`SELECT id, sample_code, indicator_code, replicate, reported, value, non_detect, lod,
		unit, method, lab_code, tested_on, analyst FROM results WHERE study_id = ?
		ORDER BY sample_code, indicator_code, replicate`, studyID).Rows()
	if err != nil {
		return translate("read results", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r benchmark.Result
		if err := rows.Scan(&id, &r.Sample, &r.Indicator, &r.Replicate, &r.Reported, &r.Value, &r.NonDetect, &r.LOD,
			&r.Unit, &r.Method, &r.Lab, &r.TestedOn, &r.Analyst); err != nil {
			return translate("read results", err)
		}
		fn(id, r)
	}
	return translate("read results", rows.Err())
}

// FindResults returns a study's results in sample, indicator, replicate
// order; ENOTFOUND when the study does not exist.
func (s *Store) FindResults(ctx context.Context, code string) ([]benchmark.Result, error) {
	_, results, err := s.LoadStudyData(ctx, code)
	return results, err
}

// LoadStudyData reads a study and all its results from one snapshot, so
// that a profile never mixes two revisions.
func (s *Store) LoadStudyData(ctx context.Context, code string) (*benchmark.Study, []benchmark.Result, error) {
	var st *benchmark.Study
	var results []benchmark.Result
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, false)
		if err != nil {
			return err
		}
		if st, err = s.loadStudy(tx, row); err != nil {
			return err
		}
		results = make([]benchmark.Result, 0, 1024)
		if err := scanResults(tx, row.ID, func(_ int64, r benchmark.Result) { results = append(results, r) }); err != nil {
			return err
		}
		st.ResultCount = len(results)
		return nil
	}, readOnly)
	return st, results, err
}

// StudyRevision returns a study's revision, the cheap check of whether a
// cached profile is still current.
func (s *Store) StudyRevision(ctx context.Context, code string) (int64, error) {
	var rev []int64
	if err := s.db.WithContext(ctx).Model(&studyRow{}).Where("code = ?", code).Pluck("revision", &rev).Error; err != nil {
		return 0, translate("read study revision", err)
	}
	if len(rev) == 0 {
		return 0, benchmark.Errorf(benchmark.ENOTFOUND, "study %s not found", code)
	}
	return rev[0], nil
}

// deleteByID deletes rows by primary key in chunks that stay below every
// driver's parameter limit.
func deleteByID(tx *gorm.DB, table string, ids []int64) error {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		if err := tx.Exec("DELETE FROM "+table+" WHERE id IN ?", chunk).Error; err != nil {
			return translate("delete replaced results", err)
		}
	}
	return nil
}

// insertResults writes results in bulk. PostgreSQL receives each chunk as
// one INSERT … SELECT FROM unnest(arrays): one round trip and one plan for
// thousands of rows, near the speed of COPY but inside the transaction.
// SQLite, in-process, takes multi-row VALUES statements.
func (s *Store) insertResults(tx *gorm.DB, studyID, uploadID int64, results []benchmark.Result) error {
	if len(results) == 0 {
		return nil
	}
	// Key order gives concurrent writers one lock order.
	sort.Slice(results, func(i, j int) bool { return lessKey(results[i].Key(), results[j].Key()) })
	if s.dialect == "postgres" {
		return insertResultsPostgres(tx, studyID, uploadID, results)
	}
	return insertResultsSQLite(tx, studyID, uploadID, results)
}

func lessKey(a, b benchmark.ResultKey) bool {
	if a.Sample != b.Sample {
		return a.Sample < b.Sample
	}
	if a.Indicator != b.Indicator {
		return a.Indicator < b.Indicator
	}
	return a.Replicate < b.Replicate
}

const postgresChunk = 20000

func insertResultsPostgres(tx *gorm.DB, studyID, uploadID int64, results []benchmark.Result) error {
	const q = `INSERT INTO results (` + resultColumns + `)
		SELECT $1::bigint, u.*, $14::bigint FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::float8[],
			$7::bool[], $8::float8[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) AS u`
	conn := tx.Statement.ConnPool
	for start := 0; start < len(results); start += postgresChunk {
		chunk := results[start:min(start+postgresChunk, len(results))]
		n := len(chunk)
		samples, inds, reported := make([]string, n), make([]string, n), make([]string, n)
		units, methods, labs, tested, analysts := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		reps := make([]int32, n)
		values, lods := make([]*float64, n), make([]*float64, n)
		nds := make([]bool, n)
		for i := range chunk {
			r := &chunk[i]
			samples[i], inds[i], reps[i], reported[i] = r.Sample, r.Indicator, int32(r.Replicate), r.Reported
			values[i], nds[i], lods[i] = r.Value, r.NonDetect, r.LOD
			units[i], methods[i], labs[i], tested[i], analysts[i] = r.Unit, r.Method, r.Lab, r.TestedOn, r.Analyst
		}
		if _, err := conn.ExecContext(tx.Statement.Context, q, studyID, samples, inds, reps, reported, values, nds, lods,
			units, methods, labs, tested, analysts, uploadID); err != nil {
			return translate("insert results", err)
		}
	}
	return nil
}

// sqliteChunk keeps a statement's parameters (14 a row) under SQLite's
// limit of 32,766.
const sqliteChunk = 1000

func insertResultsSQLite(tx *gorm.DB, studyID, uploadID int64, results []benchmark.Result) error {
	conn := tx.Statement.ConnPool
	const row = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	args := make([]any, 0, sqliteChunk*14)
	var full string // the statement for a full chunk, built once
	for start := 0; start < len(results); start += sqliteChunk {
		chunk := results[start:min(start+sqliteChunk, len(results))]
		args = args[:0]
		for i := range chunk {
			r := &chunk[i]
			args = append(args, studyID, r.Sample, r.Indicator, r.Replicate, r.Reported, r.Value, r.NonDetect, r.LOD,
				r.Unit, r.Method, r.Lab, r.TestedOn, r.Analyst, uploadID)
		}
		var q string
		if len(chunk) == sqliteChunk && full != "" {
			q = full
		} else {
			q = "INSERT INTO results (" + resultColumns + ") VALUES " + strings.Repeat(row+",", len(chunk)-1) + row
			if len(chunk) == sqliteChunk {
				full = q
			}
		}
		if _, err := conn.ExecContext(tx.Statement.Context, q, args...); err != nil {
			return translate("insert results", err)
		}
	}
	return nil
}
