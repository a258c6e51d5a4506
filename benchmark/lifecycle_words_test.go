package benchmark

import (
	"errors"
	"testing"

	"github.com/qbench/qbench/internal/i18n"
)

// TestLifecycleRefusalsAreWorded: every lifecycle refusal carries a
// catalogue message, worded in Chinese with the states' Chinese names and
// in English as before.
func TestLifecycleRefusalsAreWorded(t *testing.T) {
	for _, tc := range []struct {
		err    error
		zh, en string
	}{
		{CheckUploadAllowed("S1", StateDraft), "研究 S1 当前为“草稿”状态：只有在开放状态下才能上传检测结果",
			"study S1 is draft: results can be uploaded only while it is open"},
		{CheckFindingsAllowed("S1", StatePublished), "研究 S1 当前为“已发布”状态：只有在开放或已关闭状态下才能填写专家结论",
			"study S1 is published: findings can be written while it is open or closed"},
		{CheckReportAllowed("S1", StateOpen), "研究 S1 当前为“开放”状态：研究关闭后才能生成报告",
			"study S1 is open: reports are made once it is closed"},
		{CheckTransition(StateClosed, StateDraft), "研究不能从“已关闭”转为“草稿”（“已关闭”状态下只能转为：“开放”或“已发布”）",
			"a study cannot move from closed to draft (from closed it can move to: open or published)"},
		{CheckTransition(StateDraft, "archived"), `未知的状态 "archived"（可选：draft 草稿、open 开放、closed 已关闭、published 已发布）`,
			`unknown state "archived" (allowed: draft, open, closed, published)`},
	} {
		var e *Error
		if !errors.As(tc.err, &e) || e.Msg.IsZero() {
			t.Fatalf("%v: not an *Error with a catalogue message", tc.err)
		}
		if got := i18n.For(i18n.ZH).Message(e.Msg); got != tc.zh {
			t.Errorf("zh: %s\nwant %s", got, tc.zh)
		}
		if got := i18n.For(i18n.EN).Message(e.Msg); got != tc.en || e.Message != tc.en {
			t.Errorf("en: %s (Message %s)\nwant %s", got, e.Message, tc.en)
		}
	}
}
