package lake

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The raw key layout, one object per fetched page:
//
//	raw/shop=<slug>/date=<YYYY-MM-DD>/<run>-<seq:5 digits>.<ext>.gz
//
// The date is FetchedAt's UTC date. The key=value folders are Hive-style
// partitions (Athena, Glue, Spark discover shop and date from them); the
// fixed-width seq keeps a run's pages in order in a plain text listing.
// Everything in a key comes from a validated charset, so a key never holds
// "..", a second "/" inside a segment, or anything a shell needs quoted.
const (
	rawRoot   = "raw"
	gzSuffix  = ".gz"
	seqDigits = 5
)

// rawKey is a parsed raw key.
type rawKey struct {
	shop string
	date string // YYYY-MM-DD
	run  string
	seq  int
	ext  string
}

func (k rawKey) String() string {
	return fmt.Sprintf("%s%s-%0*d.%s%s", rawPrefix(k.shop, k.date), k.run, seqDigits, k.seq, k.ext, gzSuffix)
}

// rawPrefix is the folder of one shop's pages on one day, ending in "/".
func rawPrefix(shop, date string) string {
	return rawRoot + "/shop=" + shop + "/date=" + date + "/"
}

// keyOf validates p and returns where it is stored.
func keyOf(p RawPage) (rawKey, error) {
	if err := p.validate(); err != nil {
		return rawKey{}, err
	}
	return rawKey{
		shop: p.Shop,
		date: p.FetchedAt.UTC().Format(time.DateOnly),
		run:  p.RunID,
		seq:  p.Seq,
		ext:  extension(p.ContentType),
	}, nil
}

// parseRawKey accepts exactly the keys keyOf produces and nothing else, so
// GetRaw cannot be steered outside the raw layout.
func parseRawKey(key string) (rawKey, error) {
	bad := func(why string) (rawKey, error) {
		return rawKey{}, fmt.Errorf("%w raw key %q: %s; want %s/shop=<slug>/date=<YYYY-MM-DD>/<run>-<5-digit seq>.<ext>%s",
			catalog.ErrInvalid, key, why, rawRoot, gzSuffix)
	}
	rest, ok := strings.CutPrefix(key, rawRoot+"/shop=")
	if !ok {
		return bad("wrong prefix")
	}
	var k rawKey
	if k.shop, rest, ok = strings.Cut(rest, "/date="); !ok || !catalog.ValidSlug(k.shop) {
		return bad("bad shop segment")
	}
	var name string
	if k.date, name, ok = strings.Cut(rest, "/"); !ok {
		return bad("bad date segment")
	}
	if _, err := time.Parse(time.DateOnly, k.date); err != nil {
		return bad("bad date segment")
	}
	name, ok = strings.CutSuffix(name, gzSuffix)
	dot := strings.LastIndexByte(name, '.')
	if !ok || dot < 0 {
		return bad("bad file name")
	}
	k.ext = name[dot+1:]
	switch k.ext {
	case extJSON, extHTML, extXML, extTXT, extBin:
	default:
		return bad("unknown extension")
	}
	name = name[:dot]
	dash := strings.LastIndexByte(name, '-')
	if dash < 0 || len(name)-dash-1 != seqDigits || !validRunID(name[:dash]) {
		return bad("bad run or seq")
	}
	k.run = name[:dash]
	seq, err := strconv.Atoi(name[dash+1:])
	if err != nil || seq < 0 {
		return bad("bad seq")
	}
	k.seq = seq
	// Round-trip as the final word: whatever slipped past the checks above
	// (a non-canonical date, a sign in seq) cannot match a key we wrote.
	if k.String() != key {
		return bad("not canonical")
	}
	return k, nil
}
