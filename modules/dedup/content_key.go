package dedup

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/skatestock/skatestock/modules/catalog"
)

// KeySize is the length in bytes of every ContentKey.
const KeySize = 16

// contentKeyVersion starts every encoding, so that a future change of what
// the key covers yields new keys instead of colliding with the old ones.
const contentKeyVersion = 1

// ContentKey returns the KeySize-byte key of what o saw: shop, listing id,
// variant id, price, compare-at (or its absence) and availability. The
// observation time and source run are left out on purpose: an unchanged
// state seen again at another time, by another run, gives the same key, and
// that repetition is what the filter exists to catch.
//
// Fields are encoded exactly as given (ingest validates and normalizes
// before deduplicating), each string length-prefixed and each amount fixed
// width, so that no two different states share an encoding; the encoding is
// then hashed with SHA-256, truncated to 128 bits. A collision would only
// make a new state "maybe seen", which the exact confirmation catches. The
// key is stable across processes, releases (unless contentKeyVersion
// changes) and machines.
func ContentKey(o catalog.PriceObservation) []byte {
	// Sized for typical ids without reallocating; append grows it if needed.
	var buf [192]byte
	b := append(buf[:0], contentKeyVersion)
	b = appendString(b, o.Variant.ShopSlug)
	b = appendString(b, o.Variant.ListingExternalID)
	b = appendString(b, o.Variant.VariantExternalID)
	b = appendMoney(b, o.Price)
	// CompareAt's zero value means "none published", and must differ from
	// a compare-at of 0 in some currency.
	if o.CompareAt.IsZero() {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = appendMoney(b, o.CompareAt)
	}
	b = appendString(b, string(o.Availability))
	return digest(b)
}

// digest is the KeySize-byte key of the encoding b.
func digest(b []byte) []byte {
	sum := sha256.Sum256(b)
	key := make([]byte, KeySize)
	copy(key, sum[:])
	return key
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendMoney(b []byte, m catalog.Money) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(m.Amount))
	return appendString(b, m.Currency)
}
