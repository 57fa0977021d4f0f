package ingest

// Stats counts what each layer of ingest did. Counters only grow.
type Stats struct {
	Consumed     uint64            // messages handed to Handle in completed batches
	DeadLettered map[string]uint64 // dead letters by kind (KindDecode ...)
	Observations uint64            // valid observations written to the store

	// BloomMaybe counts observations the filter answered "maybe seen";
	// each is then either a ConfirmedDuplicate (the store holds the same
	// state, started earlier: the observation only extends it) or a
	// FalsePositive (the store does not confirm it: a bloom false
	// positive, a state seen before but not in force at that time, or a
	// repeat within the batch of a state not yet stored). Nothing is
	// skipped on a FalsePositive.
	BloomMaybe          uint64
	ConfirmedDuplicates uint64
	FalsePositives      uint64
	// FilterErrors counts batches whose filter call failed; they took the
	// full path for every observation.
	FilterErrors uint64

	ListingsUpserted uint64 // listings written (changed or new)
	ChangePoints     uint64 // price-updates produced
}

// add folds batch counters b into s.
func (s *Stats) add(b Stats) {
	s.Consumed += b.Consumed
	s.Observations += b.Observations
	s.BloomMaybe += b.BloomMaybe
	s.ConfirmedDuplicates += b.ConfirmedDuplicates
	s.FalsePositives += b.FalsePositives
	s.FilterErrors += b.FilterErrors
	s.ListingsUpserted += b.ListingsUpserted
	s.ChangePoints += b.ChangePoints
	if len(b.DeadLettered) > 0 && s.DeadLettered == nil {
		s.DeadLettered = make(map[string]uint64)
	}
	for k, v := range b.DeadLettered {
		s.DeadLettered[k] += v
	}
}
