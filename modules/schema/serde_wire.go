package schema

import (
	"encoding/binary"
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// wireHeaderLen is the Confluent wire header: magic byte 0 and a 4-byte
// big-endian schema id.
const wireHeaderLen = 5

// SchemaID returns the schema id in the Confluent wire header of record value
// b, without decoding the rest. An error wraps catalog.ErrInvalid: b is
// shorter than the header or its magic byte is not 0. Ingest uses it to name
// the schema of a record it sends to the dead-letter queue.
func SchemaID(b []byte) (int, error) {
	if len(b) < wireHeaderLen {
		return 0, fmt.Errorf("%w record: %d bytes is shorter than the 5-byte Confluent wire header", catalog.ErrInvalid, len(b))
	}
	if b[0] != 0 {
		return 0, fmt.Errorf("%w record: magic byte is %#02x, not 0: not in the Confluent wire format", catalog.ErrInvalid, b[0])
	}
	return int(binary.BigEndian.Uint32(b[1:wireHeaderLen])), nil
}

// UnknownSchemaError reports a record written with a schema id that a Serde
// has not learned. It wraps catalog.ErrInvalid. Serde.Learn(ctx, ID) asks the
// registry about the id; a record whose id stays unknown after that belongs
// in the dead-letter queue.
type UnknownSchemaError struct {
	ID int // the schema id in the record's header
}

// Error implements error.
func (e *UnknownSchemaError) Error() string {
	return fmt.Sprintf("%s schema id: %d is not a known version of a SkateStock record", catalog.ErrInvalid, e.ID)
}

// Unwrap makes errors.Is(err, catalog.ErrInvalid) hold.
func (e *UnknownSchemaError) Unwrap() error { return catalog.ErrInvalid }
