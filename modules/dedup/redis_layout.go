package dedup

import (
	"fmt"

	"github.com/bits-and-blooms/bloom/v3"
)

// defaultBitmapBits is how many of the filter's m bits one Redis bitmap
// holds: 2^23 bits, 1 MiB. A Redis string can grow to 512 MiB, but Redis
// allocates a string up to the highest bit written, all at once and on its
// only thread; 1 MiB pieces keep each allocation (and each key's share of
// a cluster, a replica sync or a DEL) small, at the price of one BITFIELD
// command per bitmap a batch touches, all sent in one round trip.
const defaultBitmapBits = 1 << 23

// redisLayout maps the filter's bit positions onto Redis bitmaps. Bit p of
// the filter (0 <= p < m, the position bloom.BloomFilter uses) is bit
// p mod bitmapBits of the bitmap named names[p / bitmapBits], so the
// bitmaps concatenated in order are the Memory filter's bit set.
type redisLayout struct {
	bits       uint64 // m
	hashes     uint   // k
	bitmapBits uint64
	names      []string
}

func newRedisLayout(prefix string, bits uint64, hashes uint, bitmapBits uint64) redisLayout {
	n := (bits + bitmapBits - 1) / bitmapBits
	names := make([]string, n)
	for i := range names {
		// The geometry is part of the name: bits laid out for one m, k
		// mean nothing to another.
		names[i] = fmt.Sprintf("%s:bloom:m%d:k%d:b%d:%d", prefix, bits, hashes, bitmapBits, i)
	}
	return redisLayout{bits: bits, hashes: hashes, bitmapBits: bitmapBits, names: names}
}

// bitmapOps are the bits one batch tests and sets in one bitmap, in the
// order the keys and their hashes come: offsets[j] belongs to keys[owners[j]].
type bitmapOps struct {
	bitmap  int
	offsets []int64
	owners  []int32
}

// plan returns, for each bitmap the keys touch, the bits to test and set
// there. Keeping the batch order within each bitmap is what makes the
// answers those of testing and setting the keys one after the other: every
// bit lives in exactly one bitmap, so whatever an earlier key of the batch
// set there has been set before a later key tests it.
func (l redisLayout) plan(keys [][]byte) []bitmapOps {
	var ops []bitmapOps
	index := make(map[uint64]int) // bitmap -> position in ops
	for i, key := range keys {
		for _, loc := range bloom.Locations(key, l.hashes) {
			pos := loc % l.bits // the position bloom.BloomFilter uses
			bitmap := pos / l.bitmapBits
			at, ok := index[bitmap]
			if !ok {
				at = len(ops)
				index[bitmap] = at
				ops = append(ops, bitmapOps{bitmap: int(bitmap)})
			}
			op := &ops[at]
			op.offsets = append(op.offsets, int64(pos%l.bitmapBits))
			op.owners = append(op.owners, int32(i))
		}
	}
	return ops
}
