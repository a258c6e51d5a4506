package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
	"gorm.io/gorm"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/migrations"
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
//
// The write transaction only writes. On SQLite, whose one write
// transaction at a time blocks every other study's changes, the stored
// results are read, compared and the audit entries prepared before it, in
// a read transaction; the write transaction then checks that the study's
// revision has not moved since (every change of results, design or state
// moves it) and otherwise plans again inside. A 420,000-result replacement
// thus holds the write lock for the deletes and inserts alone
// (BENCHMARKS.md, "Intake").
func (s *Store) SaveResults(ctx context.Context, code string, results []benchmark.Result, up Upload) (*UploadSummary, error) {
	// The file name and the reason are stored text (issue 16): checked here
	// so that SQLite and PostgreSQL refuse the same uploads.
	if err := benchmark.CheckText("filename", up.Filename, false); err != nil {
		return nil, err
	}
	reason, err := benchmark.CheckReason(up.Reason)
	if err != nil {
		return nil, err
	}
	up.Reason = reason
	var plan *uploadPlan
	if s.dialect != migrations.Postgres {
		err := s.read(ctx, func(tx *gorm.DB) error {
			row, err := s.findStudyRow(tx, code, false)
			if err != nil {
				return err
			}
			plan, err = s.planUpload(tx, nil, row, results, up)
			return err
		})
		if err != nil {
			return nil, translate("store results", err)
		}
	}
	var sum *UploadSummary
	err = s.writeSession(ctx, func(tx *gorm.DB, conn *sql.Conn) error {
		row, err := s.findStudyRow(tx, code, true)
		if err != nil {
			return err
		}
		if plan == nil || plan.revision != row.Revision || plan.state != row.State {
			if plan, err = s.planUpload(tx, conn, row, results, up); err != nil {
				return err
			}
		}
		sum = plan.sum
		return s.applyUpload(tx, conn, row, code, plan, up)
	})
	if err != nil {
		// Errors inside the transaction are translated already; what is
		// left are failures to begin or commit it (the database gone).
		return nil, translate("store results", err)
	}
	return sum, nil
}

// uploadPlan is what an upload will change, worked out from the stored
// results of one revision of the study.
type uploadPlan struct {
	revision int64
	state    string
	sum      *UploadSummary
	// write points into the results rather than copying them: a 32 MiB
	// file has 470,000 results, and copies grown by append cost more
	// memory than the results themselves.
	write       []*benchmark.Result
	replacedIDs []int64
	// replaced are the audit entries of the replaced results, but for the
	// upload's id, which their detail starts with.
	replaced []auditRow
}

// planUpload compares the results with the stored ones of the study's row.
func (s *Store) planUpload(tx *gorm.DB, conn *sql.Conn, row *studyRow, results []benchmark.Result, up Upload) (*uploadPlan, error) {
	if err := benchmark.CheckUploadAllowed(row.Code, row.State); err != nil {
		return nil, err
	}
	existing, err := s.readStoredResults(tx, conn, row.ID)
	if err != nil {
		return nil, err
	}
	p := &uploadPlan{revision: row.Revision, state: row.State, sum: &UploadSummary{Total: len(results)},
		write: make([]*benchmark.Result, 0, len(results))}
	sum := p.sum
	var tokenID *int64 // the credential, on every entry of the trail (issue 16)
	if up.Actor.TokenID != 0 {
		id := up.Actor.TokenID
		tokenID = &id
	}
	for i := range results {
		r := &results[i]
		old, ok := existing[r.Key()]
		switch {
		case !ok:
			sum.Created++
			p.write = append(p.write, r)
		case sameResult(&old.Result, r):
			sum.Unchanged++
		default:
			sum.Replaced++
			p.write = append(p.write, r)
			p.replacedIDs = append(p.replacedIDs, old.id)
			k := old.Key()
			p.replaced = append(p.replaced, auditRow{StudyCode: row.Code, ActorName: up.Actor.Name, ActorRole: up.Actor.Role, TokenID: tokenID,
				Action: "result.replaced", Subject: fmt.Sprintf("%s/%s/%d", k.Sample, k.Indicator, k.Replicate),
				Reason: up.Reason, Detail: fmt.Sprintf(`,"old":%s,"new":%s}`, mustJSON(auditValue(&old.Result)), mustJSON(auditValue(r)))})
		}
	}
	if sum.Replaced > 0 && strings.TrimSpace(up.Reason) == "" {
		return nil, appError(benchmark.EINVALID, "store.replace_reason", sum.Replaced)
	}
	return p, nil
}

// applyUpload writes a plan: the upload, the deletes and inserts, the
// audit trail, the study's new revision.
func (s *Store) applyUpload(tx *gorm.DB, conn *sql.Conn, row *studyRow, code string, p *uploadPlan, up Upload) error {
	sum := p.sum
	upload := uploadRow{StudyID: row.ID, Format: up.Format, Filename: up.Filename, SHA256: up.SHA256,
		RowsTotal: sum.Total, RowsCreated: sum.Created, RowsReplaced: sum.Replaced, RowsUnchanged: sum.Unchanged,
		Reason: up.Reason, ActorName: up.Actor.Name, ActorRole: up.Actor.Role, CreatedAt: s.now().UTC()}
	if err := tx.Create(&upload).Error; err != nil {
		return translate("record upload", err)
	}
	sum.ID = upload.ID
	if err := deleteByID(tx, "results", p.replacedIDs); err != nil {
		return err
	}
	if err := s.insertResults(tx, conn, row.ID, upload.ID, p.write); err != nil {
		return err
	}
	if err := s.auditUpload(tx, code, up, sum, p.replaced); err != nil {
		return err
	}
	if sum.Created+sum.Replaced > 0 {
		if err := tx.Model(row).Update("revision", gorm.Expr("revision + 1")).Error; err != nil {
			return translate("bump study revision", err)
		}
	}
	if s.resultsWritten != nil {
		s.resultsWritten(tx.Statement.Context)
	}
	return nil
}

// auditUpload records the upload and, for every replaced result, its
// earlier value: the trail keeps what the lab first reported. replaced are
// planUpload's entries, completed here with the time and the upload's id.
func (s *Store) auditUpload(tx *gorm.DB, code string, up Upload, sum *UploadSummary, replaced []auditRow) error {
	if err := s.audit(tx, code, up.Actor, "results.uploaded", fmt.Sprintf("upload %d", sum.ID), up.Reason, map[string]any{
		"upload_id": sum.ID, "format": up.Format, "filename": up.Filename, "sha256": up.SHA256,
		"rows": sum.Total, "created": sum.Created, "replaced": sum.Replaced, "unchanged": sum.Unchanged,
	}); err != nil {
		return err
	}
	if len(replaced) == 0 {
		return nil
	}
	at := s.now().UTC()
	prefix := fmt.Sprintf(`{"upload_id":%d`, sum.ID)
	for i := range replaced {
		replaced[i].At = at
		if !strings.HasPrefix(replaced[i].Detail, prefix) {
			replaced[i].Detail = prefix + replaced[i].Detail
		}
	}
	if err := tx.CreateInBatches(replaced, 500).Error; err != nil {
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
func (s *Store) readStoredResults(tx *gorm.DB, conn *sql.Conn, studyID int64) (map[benchmark.ResultKey]storedResult, error) {
	out := map[benchmark.ResultKey]storedResult{}
	err := scanResults(tx, conn, studyID, func(id int64, r benchmark.Result) {
		out[r.Key()] = storedResult{id: id, Result: r}
	})
	return out, err
}

// session returns a handle on the database for one operation and, on
// PostgreSQL, the one connection of the pool it is bound to, so that a
// transaction begun on the handle and the reads that scanResults makes
// through pgx's own interface share a session. release returns the
// connection to the pool.
func (s *Store) session(ctx context.Context) (db *gorm.DB, conn *sql.Conn, release func(), err error) {
	db = s.db.WithContext(ctx) // a statement of its own
	if s.dialect != migrations.Postgres {
		return db, nil, func() {}, nil
	}
	if conn, err = s.sqlDB.Conn(ctx); err != nil {
		return nil, nil, nil, translate("reach database", err)
	}
	db.Statement.ConnPool = conn
	return db, conn, func() { conn.Close() }, nil
}

// writeSession runs fn in a read-write transaction: on SQLite the one of
// write, on PostgreSQL one on a session's connection (conn, for pgx's own
// interface).
func (s *Store) writeSession(ctx context.Context, fn func(tx *gorm.DB, conn *sql.Conn) error) error {
	if s.dialect != migrations.Postgres {
		return s.writeSQLite(ctx, func(tx *gorm.DB) error { return fn(tx, nil) })
	}
	db, conn, release, err := s.session(ctx)
	if err != nil {
		return err
	}
	defer release()
	return db.Transaction(func(tx *gorm.DB) error { return fn(tx, conn) })
}

// snapshotRead is how LoadStudyData reads: one read-only transaction that
// sees one snapshot. PostgreSQL needs REPEATABLE READ for that (under READ
// COMMITTED every statement takes a snapshot of its own); an SQLite
// transaction always reads one.
var snapshotRead = map[string]*sql.TxOptions{
	migrations.Postgres: {ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	migrations.SQLite:   {ReadOnly: true},
}

// resultsQuery reads a study's results in no particular order (the
// placeholder for the study id follows). LoadStudyData sorts in Go: in SQL,
// the sort cost PostgreSQL an external merge on disk whenever its
// statistics lagged behind a large upload (it then expects a few hundred
// rows, not 100,000); in Go it costs little, since the rows come nearly
// in key order.
const resultsQuery = `SELECT id, sample_code, indicator_code, replicate, reported, value, non_detect, lod,
	unit, method, lab_code, tested_on, analyst FROM results WHERE study_id = `

// scanResults streams a study's results in no particular order. On
// PostgreSQL (conn not nil) it reads through pgx's own interface and
// decodes the raw column values itself: through database/sql, which turns
// every value into an interface and back, reading 100,000 rows took 2–3
// times as long (BENCHMARKS.md). On SQLite it scans by hand rather than
// through gorm's reflection.
func scanResults(tx *gorm.DB, conn *sql.Conn, studyID int64, fn func(id int64, r benchmark.Result)) error {
	if conn != nil {
		return translate("read results", scanResultsPgx(tx.Statement.Context, conn, studyID, fn))
	}
	rows, err := tx.Raw(resultsQuery+"?", studyID).Rows()
	if err != nil {
		return translate("read results", err)
	}
	defer rows.Close()
	var floats floatArena
	for rows.Next() {
		var id int64
		var r benchmark.Result
		var value, lod sql.NullFloat64
		if err := rows.Scan(&id, &r.Sample, &r.Indicator, &r.Replicate, &r.Reported, &value, &r.NonDetect, &lod,
			&r.Unit, &r.Method, &r.Lab, &r.TestedOn, &r.Analyst); err != nil {
			return translate("read results", err)
		}
		if value.Valid {
			r.Value = floats.new(value.Float64)
		}
		if lod.Valid {
			r.LOD = floats.new(lod.Float64)
		}
		fn(id, r)
	}
	return translate("read results", rows.Err())
}

// scanResultsPgx reads results through pgx on the session's connection,
// inside the transaction open on it.
func scanResultsPgx(ctx context.Context, conn *sql.Conn, studyID int64, fn func(id int64, r benchmark.Result)) error {
	return conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(interface{ Conn() *pgx.Conn })
		if !ok {
			return fmt.Errorf("unexpected PostgreSQL driver connection %T", driverConn)
		}
		rows, err := pc.Conn().Query(ctx, resultsQuery+"$1", studyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		d := pgDecoder{fields: rows.FieldDescriptions()}
		for rows.Next() {
			if d.values = rows.RawValues(); len(d.values) != 13 || len(d.fields) != 13 {
				return fmt.Errorf("results query returned %d columns", len(d.values))
			}
			id := d.int(0)
			r := benchmark.Result{
				Sample: d.text(1), Indicator: d.text(2), Replicate: int(d.int(3)), Reported: d.text(4),
				Value: d.float(5), NonDetect: d.bool(6), LOD: d.float(7),
				Unit: d.text(8), Method: d.text(9), Lab: d.text(10), TestedOn: d.text(11), Analyst: d.text(12),
			}
			if d.err != nil {
				return d.err
			}
			fn(id, r)
		}
		return rows.Err()
	})
}

// pgDecoder decodes the raw values of a row in the format PostgreSQL sent
// them: binary where pgx asked for it, text under the simple protocol. The
// strings of a study repeat from row to row (samples, indicators, units,
// methods, the lab, dates, analysts) and are interned per column, which
// saves most of the allocations and memory of a large read.
type pgDecoder struct {
	fields []pgconn.FieldDescription
	values [][]byte
	err    error
	strs   [13]map[string]string
	floats floatArena
}

// maxInterned bounds the strings interned per column: a column of mostly
// distinct values is not worth a map.
const maxInterned = 1 << 14

func (d *pgDecoder) binary(i int) bool { return d.fields[i].Format == pgx.BinaryFormatCode }

func (d *pgDecoder) fail(i int, what string) {
	if d.err == nil {
		d.err = fmt.Errorf("column %s: cannot decode %q as %s", d.fields[i].Name, d.values[i], what)
	}
}

func (d *pgDecoder) text(i int) string {
	b := d.values[i]
	m := d.strs[i]
	if m == nil {
		m = make(map[string]string)
		d.strs[i] = m
	}
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(m) < maxInterned {
		m[s] = s
	}
	return s
}

func (d *pgDecoder) int(i int) int64 {
	b := d.values[i]
	if d.binary(i) {
		switch len(b) {
		case 8:
			return int64(binary.BigEndian.Uint64(b))
		case 4:
			return int64(int32(binary.BigEndian.Uint32(b)))
		case 2:
			return int64(int16(binary.BigEndian.Uint16(b)))
		}
		d.fail(i, "an integer")
		return 0
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		d.fail(i, "an integer")
	}
	return n
}

func (d *pgDecoder) float(i int) *float64 {
	b := d.values[i]
	if b == nil {
		return nil
	}
	if d.binary(i) {
		if len(b) != 8 {
			d.fail(i, "a float8")
			return nil
		}
		return d.floats.new(math.Float64frombits(binary.BigEndian.Uint64(b)))
	}
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		d.fail(i, "a float8")
		return nil
	}
	return d.floats.new(x)
}

func (d *pgDecoder) bool(i int) bool {
	b := d.values[i]
	if len(b) != 1 {
		d.fail(i, "a boolean")
		return false
	}
	if d.binary(i) {
		return b[0] != 0
	}
	return b[0] == 't'
}

// floatArena hands out pointers to float64s allocated in blocks rather
// than one by one: a large read has a value, often a LOD, in every row.
type floatArena struct{ block []float64 }

func (a *floatArena) new(x float64) *float64 {
	if len(a.block) == cap(a.block) {
		a.block = make([]float64, 0, 1024)
	}
	a.block = append(a.block, x)
	return &a.block[len(a.block)-1]
}

// byKey sorts results by sample, indicator and replicate.
type byKey []benchmark.Result

func (r byKey) Len() int           { return len(r) }
func (r byKey) Swap(i, j int)      { r[i], r[j] = r[j], r[i] }
func (r byKey) Less(i, j int) bool { return lessKey(&r[i], &r[j]) }

// lessKey orders results by sample, indicator and replicate.
func lessKey(a, b *benchmark.Result) bool {
	if a.Sample != b.Sample {
		return a.Sample < b.Sample
	}
	if a.Indicator != b.Indicator {
		return a.Indicator < b.Indicator
	}
	return a.Replicate < b.Replicate
}

// FindResults returns a study's results in sample, indicator, replicate
// order; ENOTFOUND when the study does not exist.
func (s *Store) FindResults(ctx context.Context, code string) ([]benchmark.Result, error) {
	_, results, err := s.LoadStudyData(ctx, code)
	return results, err
}

// LoadStudyData reads a study and all its results, in sample, indicator,
// replicate order, from one snapshot, so that a profile never mixes two
// revisions.
func (s *Store) LoadStudyData(ctx context.Context, code string) (*benchmark.Study, []benchmark.Result, error) {
	var st *benchmark.Study
	var results []benchmark.Result
	db, conn, release, err := s.session(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	err = db.Transaction(func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, false)
		if err != nil {
			return err
		}
		if st, err = s.loadStudy(tx, row); err != nil {
			return err
		}
		results = make([]benchmark.Result, 0, 1024)
		if err := scanResults(tx, conn, row.ID, func(_ int64, r benchmark.Result) { results = append(results, r) }); err != nil {
			return err
		}
		st.ResultCount = len(results)
		return nil
	}, snapshotRead[s.dialect])
	if err != nil {
		return nil, nil, translate("load study "+code, err)
	}
	sort.Sort(byKey(results))
	return st, results, nil
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

// insertResults writes results in bulk. PostgreSQL receives them by COPY
// on the transaction's own connection (conn): with the study's row locked
// and every conflict resolved before, nothing needs INSERT's extras, and
// COPY streams rows in small buffers. (It replaced one INSERT … SELECT FROM
// unnest(arrays) per 20,000 rows, which was 30% slower on 100,000 rows and
// allocated 1.4 KB per row in parameter buffers — 650 MB for a 32 MiB
// file.) SQLite, in-process, takes multi-row VALUES statements.
func (s *Store) insertResults(tx *gorm.DB, conn *sql.Conn, studyID, uploadID int64, results []*benchmark.Result) error {
	if len(results) == 0 {
		return nil
	}
	// Key order gives concurrent writers one lock order.
	sort.Slice(results, func(i, j int) bool { return lessKey(results[i], results[j]) })
	if conn != nil {
		return copyResultsPostgres(tx.Statement.Context, conn, studyID, uploadID, results)
	}
	return insertResultsSQLite(tx, studyID, uploadID, results)
}

// copyColumns are resultColumns as COPY wants them.
var copyColumns = strings.Split(strings.ReplaceAll(resultColumns, " ", ""), ",")

// copyResultsPostgres copies results into the results table through pgx,
// inside the transaction open on conn.
func copyResultsPostgres(ctx context.Context, conn *sql.Conn, studyID, uploadID int64, results []*benchmark.Result) error {
	err := conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(interface{ Conn() *pgx.Conn })
		if !ok {
			return fmt.Errorf("unexpected PostgreSQL driver connection %T", driverConn)
		}
		n, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{"results"}, copyColumns,
			&resultSource{results: results, studyID: studyID, uploadID: uploadID})
		if err == nil && int(n) != len(results) {
			err = fmt.Errorf("copied %d of %d results", n, len(results))
		}
		return err
	})
	return translate("insert results", err)
}

// resultSource feeds results to COPY, one row of resultColumns at a time.
type resultSource struct {
	results           []*benchmark.Result
	studyID, uploadID int64
	next              int
	row               [14]any
	// boxes hold the last text of each column that repeats (sample,
	// indicator, unit, method, lab, date, analyst) as an interface value:
	// making one per row allocated 110 bytes a row, 50 MB for a 32 MiB
	// upload, garbage that made the collector run during the COPY.
	boxes [7]box
}

// box is a string as an interface value, made again only when it changes.
type box struct {
	s string
	v any
}

func (b *box) of(s string) any {
	if b.v == nil || s != b.s {
		b.s, b.v = s, s
	}
	return b.v
}

func (rs *resultSource) Next() bool {
	rs.next++
	return rs.next <= len(rs.results)
}

func (rs *resultSource) Values() ([]any, error) {
	r := rs.results[rs.next-1]
	b := &rs.boxes
	if rs.row[0] == nil {
		rs.row[0], rs.row[13] = rs.studyID, rs.uploadID
	}
	rs.row[1], rs.row[2], rs.row[3], rs.row[4] = b[0].of(r.Sample), b[1].of(r.Indicator), int32(r.Replicate), r.Reported
	rs.row[5], rs.row[6], rs.row[7] = r.Value, r.NonDetect, r.LOD
	rs.row[8], rs.row[9], rs.row[10], rs.row[11], rs.row[12] = b[2].of(r.Unit), b[3].of(r.Method), b[4].of(r.Lab), b[5].of(r.TestedOn), b[6].of(r.Analyst)
	return rs.row[:], nil
}

func (rs *resultSource) Err() error { return nil }

// sqliteChunk keeps a statement's parameters (14 a row) under SQLite's
// limit of 32,766.
const sqliteChunk = 1000

// writeSQLite is Store.write on a connection of its own, which it puts in
// the transaction's context for insertResultsSQLite.
func (s *Store) writeSQLite(ctx context.Context, fn func(tx *gorm.DB) error) error {
	select {
	case s.writeSlot <- struct{}{}:
		defer func() { <-s.writeSlot }()
	case <-ctx.Done():
		return fmt.Errorf("wait for the database: %w", ctx.Err())
	}
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return finish(translate("reach database", err))
	}
	defer conn.Close()
	db := s.db.WithContext(context.WithValue(ctx, sqliteConnKey{}, conn))
	db.Statement.ConnPool = conn
	return finish(db.Transaction(fn))
}

// sqliteConnKey keys the connection of writeSQLite's transaction.
type sqliteConnKey struct{}

// insertResultsSQLite inserts results on SQLite: multi-row VALUES
// statements of sqliteChunk rows whose values are bound through the
// driver's own interface on the transaction's connection. Through
// database/sql every statement copied its 14,000 arguments into a slice
// of driver values, and every text into an interface value: about 700
// bytes of garbage a row, 330 MB for a 32 MiB upload, which kept the
// collector running and the heap near twice the live results.
func insertResultsSQLite(tx *gorm.DB, studyID, uploadID int64, results []*benchmark.Result) error {
	ctx := tx.Statement.Context
	conn, ok := ctx.Value(sqliteConnKey{}).(*sql.Conn)
	if !ok {
		return insertResultsSQLiteArgs(tx, studyID, uploadID, results)
	}
	err := conn.Raw(func(driverConn any) error {
		rc, ok := driverConn.(interface{ Raw() *sqlite3.Conn })
		if !ok {
			return fmt.Errorf("unexpected SQLite driver connection %T", driverConn)
		}
		c := rc.Raw()
		defer c.SetInterrupt(c.SetInterrupt(ctx))
		return bindInsertSQLite(c, studyID, uploadID, results)
	})
	return translate("insert results", err)
}

// bindInsertSQLite writes the rows with values bound as database/sql and
// the driver bind them: texts as text, the replicate and the ids as
// integers, a value or limit as a float or NULL, the non-detect flag as a
// boolean.
func bindInsertSQLite(c *sqlite3.Conn, studyID, uploadID int64, results []*benchmark.Result) (err error) {
	var full *sqlite3.Stmt
	defer func() {
		if full != nil {
			if cerr := full.Close(); err == nil {
				err = cerr
			}
		}
	}()
	for start := 0; start < len(results); start += sqliteChunk {
		chunk := results[start:min(start+sqliteChunk, len(results))]
		stmt := full
		if len(chunk) < sqliteChunk || full == nil {
			if stmt, _, err = c.Prepare(sqliteInsert(len(chunk))); err != nil {
				return err
			}
			if len(chunk) == sqliteChunk {
				full = stmt // prepared once, for every full chunk
			}
		}
		err = bindRowsSQLite(stmt, studyID, uploadID, chunk)
		if err == nil {
			err = stmt.Exec()
		}
		if stmt != full {
			if cerr := stmt.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func bindRowsSQLite(stmt *sqlite3.Stmt, studyID, uploadID int64, rows []*benchmark.Result) error {
	float := func(i int, x *float64) error {
		if x == nil {
			return stmt.BindNull(i)
		}
		return stmt.BindFloat(i, *x)
	}
	for k, r := range rows {
		i := k * 14
		for _, err := range [...]error{
			stmt.BindInt64(i+1, studyID), stmt.BindText(i+2, r.Sample), stmt.BindText(i+3, r.Indicator),
			stmt.BindInt(i+4, r.Replicate), stmt.BindText(i+5, r.Reported), float(i+6, r.Value),
			stmt.BindBool(i+7, r.NonDetect), float(i+8, r.LOD), stmt.BindText(i+9, r.Unit),
			stmt.BindText(i+10, r.Method), stmt.BindText(i+11, r.Lab), stmt.BindText(i+12, r.TestedOn),
			stmt.BindText(i+13, r.Analyst), stmt.BindInt64(i+14, uploadID),
		} {
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// sqliteInsert is the INSERT of rows results.
func sqliteInsert(rows int) string {
	const row = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	return "INSERT INTO results (" + resultColumns + ") VALUES " + strings.Repeat(row+",", rows-1) + row
}

// insertResultsSQLiteArgs is insertResultsSQLite through database/sql, for
// a transaction that is not writeSQLite's.
func insertResultsSQLiteArgs(tx *gorm.DB, studyID, uploadID int64, results []*benchmark.Result) error {
	conn, ctx := tx.Statement.ConnPool, tx.Statement.Context
	const row = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	statement := func(rows int) string {
		return "INSERT INTO results (" + resultColumns + ") VALUES " + strings.Repeat(row+",", rows-1) + row
	}
	// The statement of a full chunk is prepared once: SQLite took a third
	// of an upload's insert time parsing the same 14,000 placeholders again
	// for every chunk.
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, sqliteChunk*14)
	for start := 0; start < len(results); start += sqliteChunk {
		chunk := results[start:min(start+sqliteChunk, len(results))]
		args = args[:0]
		for i := range chunk {
			r := chunk[i]
			args = append(args, studyID, r.Sample, r.Indicator, r.Replicate, r.Reported, r.Value, r.NonDetect, r.LOD,
				r.Unit, r.Method, r.Lab, r.TestedOn, r.Analyst, uploadID)
		}
		var err error
		switch {
		case len(chunk) < sqliteChunk:
			_, err = conn.ExecContext(ctx, statement(len(chunk)), args...)
		case full == nil:
			if full, err = conn.PrepareContext(ctx, statement(sqliteChunk)); err != nil {
				break
			}
			fallthrough
		default:
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return translate("insert results", err)
		}
	}
	return nil
}
