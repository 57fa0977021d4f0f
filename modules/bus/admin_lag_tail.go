package bus

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// tailProbeMax is the largest offset lag whose records settleTails reads.
// A transactional producer leaves one commit marker after each
// transaction, and a read_committed consumer's committed offset stops on
// it: offsets alone report a drained group as lagging by one per
// partition. Reading that few records tells markers and aborted records
// from ones a consumer will still get; above it the lag is real anyway
// and reading it would cost a fetch per readiness probe.
const tailProbeMax = 16

// tailProbeBytes bounds the bytes each probed partition may return:
// tailProbeMax records of ordinary size fit with room to spare.
const tailProbeBytes = 256 << 10

// settleTails replaces the offset lag of every partition lagging by at
// most tailProbeMax with the number of records a read_committed consumer
// would still receive there. from holds the offset each partition's lag
// was measured from. A partition the probe cannot read keeps its offset
// lag: overstating lag by a marker is the safe side.
func (a *Admin) settleTails(ctx context.Context, lag Lag, from map[string]map[int32]int64) error {
	probe := map[string][]int32{}
	for t, parts := range lag {
		for p, n := range parts {
			if n > 0 && n <= tailProbeMax {
				probe[t] = append(probe[t], p)
			}
		}
	}
	if len(probe) == 0 {
		return nil
	}
	meta, err := a.adm.Metadata(ctx, slices.Sorted(maps.Keys(probe))...)
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	byLeader := map[int32]*kmsg.FetchRequest{}
	for t, parts := range probe {
		td, ok := meta.Topics[t]
		if !ok || td.Err != nil {
			continue
		}
		ft := kmsg.NewFetchRequestTopic()
		ft.Topic, ft.TopicID = t, td.ID
		for _, p := range parts {
			pd, ok := td.Partitions[p]
			if !ok || pd.Err != nil || pd.Leader < 0 {
				continue
			}
			req := byLeader[pd.Leader]
			if req == nil {
				req = newTailFetch()
				byLeader[pd.Leader] = req
			}
			fp := kmsg.NewFetchRequestTopicPartition()
			fp.Partition = p
			fp.CurrentLeaderEpoch = pd.LeaderEpoch
			fp.FetchOffset = from[t][p]
			fp.PartitionMaxBytes = tailProbeBytes
			topic := topicIn(req, ft)
			topic.Partitions = append(topic.Partitions, fp)
		}
	}
	for leader, req := range byLeader {
		resp, err := a.cl.Broker(int(leader)).Request(ctx, req)
		if err != nil {
			return fmt.Errorf("fetch from broker %d: %w", leader, err)
		}
		fetched := resp.(*kmsg.FetchResponse)
		if err := kerr.ErrorForCode(fetched.ErrorCode); err != nil {
			return fmt.Errorf("fetch from broker %d: %w", leader, err)
		}
		for i := range fetched.Topics {
			rt := &fetched.Topics[i]
			t := rt.Topic
			if t == "" {
				// Fetch v13+ names topics by id only.
				t = topicByID(meta.Topics, rt.TopicID)
			}
			for j := range rt.Partitions {
				rp := &rt.Partitions[j]
				if n, ok := visibleBefore(t, rp, from[t][rp.Partition], lag[t][rp.Partition]); ok {
					lag[t][rp.Partition] = n
				}
			}
		}
	}
	return nil
}

// newTailFetch is a one-off read_committed fetch that answers at once
// with whatever is there, outside any fetch session.
func newTailFetch() *kmsg.FetchRequest {
	req := kmsg.NewPtrFetchRequest()
	req.ReplicaID = -1
	req.MaxWaitMillis = 0
	req.MinBytes = 1
	req.MaxBytes = tailProbeMax * tailProbeBytes
	req.IsolationLevel = 1
	req.SessionID = 0
	req.SessionEpoch = -1
	return req
}

func topicByID(topics kadm.TopicDetails, id [16]byte) string {
	for name, td := range topics {
		if td.ID == id {
			return name
		}
	}
	return ""
}

// topicIn returns req's entry for ft's topic, adding ft when missing.
func topicIn(req *kmsg.FetchRequest, ft kmsg.FetchRequestTopic) *kmsg.FetchRequestTopic {
	for i := range req.Topics {
		if req.Topics[i].Topic == ft.Topic {
			return &req.Topics[i]
		}
	}
	req.Topics = append(req.Topics, ft)
	return &req.Topics[len(req.Topics)-1]
}

// visibleBefore counts the records of rp a read_committed consumer at
// offset from receives before offset from+lag (the end lag was measured
// to). ok is false when the fetch failed or stopped short of that end, so
// the count would be a guess.
func visibleBefore(topic string, rp *kmsg.FetchResponseTopicPartition, from, lag int64) (n int64, ok bool) {
	if kerr.ErrorForCode(rp.ErrorCode) != nil {
		return 0, false
	}
	end := from + lag
	fp, next := kgo.ProcessFetchPartition(kgo.ProcessFetchPartitionOpts{
		Offset:         from,
		IsolationLevel: kgo.ReadCommitted(),
		Topic:          topic,
		Partition:      rp.Partition,
	}, rp, kgo.DefaultDecompressor(), nil)
	if fp.Err != nil || next < end {
		return 0, false
	}
	for _, r := range fp.Records {
		if r.Offset < end {
			n++
		}
	}
	return n, true
}
