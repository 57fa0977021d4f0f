package gormstore

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm/logger"
)

// slowQuery is how long a statement may take before it is logged. Batch
// statements of tens of thousands of rows stay below it on a healthy
// database.
const slowQuery = 2 * time.Second

// gormLogger reports slow statements and nothing else: errors are returned
// to the caller, who handles them once, and statements are never logged
// with their values.
type gormLogger struct{ log *slog.Logger }

func (l gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }

func (l gormLogger) Info(ctx context.Context, msg string, args ...any) {
	l.log.InfoContext(ctx, "gorm", "detail", msg, "args", args)
}

func (l gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.log.WarnContext(ctx, "gorm", "detail", msg, "args", args)
}

func (l gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, "gorm", "detail", msg, "args", args)
}

func (l gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), _ error) {
	elapsed := time.Since(begin)
	if elapsed < slowQuery {
		return
	}
	sql, rows := fc()
	if len(sql) > 500 {
		sql = sql[:500] + "…"
	}
	l.log.WarnContext(ctx, "slow query", "duration", elapsed, "rows", rows, "sql", sql)
}

// ParamsFilter keeps values out of the logged SQL: they may be large batch
// arrays, and they are data, not diagnostics.
func (l gormLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}
