package store

import "time"

// Row types: gorm's view of the tables in migrations/. They never leave the
// package; callers get benchmark types.

type studyRow struct {
	ID        int64 `gorm:"primaryKey"`
	Code      string
	Title     string
	LabCode   string
	State     string
	Design    string
	Revision  int64
	CreatedAt time.Time
	UpdatedAt time.Time
	// The study's place among others (schema version 5), copied from the
	// design whenever it is stored (placeStudy).
	ProgrammeCode   string
	Industry        string
	RoundLabel      string
	PredecessorCode string
}

func (studyRow) TableName() string { return "studies" }

type blindCodeRow struct {
	StudyID    int64  `gorm:"primaryKey"`
	SampleCode string `gorm:"primaryKey"`
	BlindCode  string
}

func (blindCodeRow) TableName() string { return "blind_codes" }

type uploadRow struct {
	ID            int64 `gorm:"primaryKey"`
	StudyID       int64
	Format        string
	Filename      string
	SHA256        string `gorm:"column:sha256"`
	RowsTotal     int
	RowsCreated   int
	RowsReplaced  int
	RowsUnchanged int
	Reason        string
	ActorName     string
	ActorRole     string
	CreatedAt     time.Time
}

func (uploadRow) TableName() string { return "uploads" }

type resultRow struct {
	ID            int64 `gorm:"primaryKey"`
	StudyID       int64
	SampleCode    string
	IndicatorCode string
	Replicate     int
	Reported      string
	Value         *float64
	NonDetect     bool
	LOD           *float64 `gorm:"column:lod"`
	Unit          string
	Method        string
	LabCode       string
	TestedOn      string
	Analyst       string
	UploadID      int64
}

func (resultRow) TableName() string { return "results" }

type auditRow struct {
	ID        int64 `gorm:"primaryKey"`
	StudyCode string
	At        time.Time
	ActorName string
	ActorRole string
	TokenID   *int64
	Action    string
	Subject   string
	Reason    string
	Detail    string
}

func (auditRow) TableName() string { return "audit_events" }

type tokenRow struct {
	ID        int64 `gorm:"primaryKey"`
	Name      string
	Role      string
	LabCode   string
	Hash      string
	CreatedAt time.Time
	RevokedAt *time.Time
}

func (tokenRow) TableName() string { return "tokens" }

type findingsRow struct {
	StudyID   int64 `gorm:"primaryKey;autoIncrement:false"`
	Body      string
	UpdatedAt time.Time
	UpdatedBy string
}

func (findingsRow) TableName() string { return "findings" }

type reportRow struct {
	ID        string `gorm:"primaryKey"`
	StudyID   int64
	Lang      string
	SHA256    string `gorm:"column:sha256"`
	Size      int64
	PDF       []byte `gorm:"column:pdf"`
	Profile   string
	CreatedAt time.Time
	CreatedBy string
	// Annex is the XLSX data annex (migration 0003); nil for reports
	// stored before.
	Annex       []byte `gorm:"column:annex"`
	AnnexSHA256 string `gorm:"column:annex_sha256"`
}

func (reportRow) TableName() string { return "reports" }
