package match

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// Matcher holds the listings seen so far and the matches among them. Listings
// of one brand and category form a block and are compared by title only
// within it; barcodes are looked up across blocks. Within a block a listing
// is compared only with the listings that share one of its three rarest
// model words, so adding one costs what its rarest words' postings cost,
// not the size of the block. It is safe for concurrent use; calls are
// serialized.
type Matcher struct {
	cfg Config

	mu      sync.Mutex
	docs    map[ListingKey]*doc
	blocks  map[string]*block
	byGTIN  map[string][]*doc   // maker GTIN-14 -> docs publishing it
	sizeIDs map[string]int      // canonical size -> small number, so sizes compare as ints
	lex     map[string]*lexicon // by block
	taught  map[pairKey]bool    // pairs already learned from
	brands  map[string]string   // normalize.Brand cache
	df      map[string]int      // listings whose model words include the word
	mark    int                 // generation stamp that dedups candidates
}

// block is the listings of one brand and category, indexed by model word.
type block struct {
	postings map[string][]*doc // word -> docs using it; "" -> docs with no words
}

// candidatesPerDoc is how many of a listing's rarest words find its
// candidates: a true match shares nearly every word, so three survive a typo
// and an abbreviation at once.
const candidatesPerDoc = 3

type pairKey struct{ a, b ListingKey }

func orderedPair(a, b ListingKey) pairKey {
	if cmp.Or(cmp.Compare(a.ShopSlug, b.ShopSlug), cmp.Compare(a.ExternalID, b.ExternalID)) > 0 {
		a, b = b, a
	}
	return pairKey{a, b}
}

// New returns an empty matcher; cfg must validate.
func New(cfg Config) (*Matcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new matcher: %w", err)
	}
	return &Matcher{
		cfg: cfg, docs: map[ListingKey]*doc{}, blocks: map[string]*block{}, byGTIN: map[string][]*doc{},
		sizeIDs: map[string]int{}, lex: map[string]*lexicon{},
		taught: map[pairKey]bool{}, brands: map[string]string{}, df: map[string]int{},
	}, nil
}

// brandCacheSize bounds the brand cache: titles spell the same few brands,
// but every listing brings word runs of its own.
const brandCacheSize = 1 << 16

// brandOf is normalize.Brand, cached.
func (m *Matcher) brandOf(s string) string {
	if b, ok := m.brands[s]; ok {
		return b
	}
	if len(m.brands) >= brandCacheSize {
		clear(m.brands)
	}
	b := normalize.Brand(s)
	m.brands[s] = b
	return b
}

// Add takes a listing, new or changed, and returns what that changed: the
// matches it is part of now, the matches it no longer is (Removed), and
// pairs elsewhere in its block re-scored because it taught the matcher a
// spelling, in the order they happened (a changed listing's old match may
// be removed and then found again). Adding the same listing again changes
// nothing and returns nil.
func (m *Matcher) Add(l catalog.Listing) []Change {
	m.mu.Lock()
	defer m.mu.Unlock()
	d := newDoc(l, m.brandOf)
	for i := range d.sizes {
		id, ok := m.sizeIDs[d.sizes[i].size]
		if !ok {
			id = len(m.sizeIDs)
			m.sizeIDs[d.sizes[i].size] = id
		}
		d.sizes[i].id = id
	}
	slices.SortStableFunc(d.sizes, func(x, y sizeVariant) int { return cmp.Compare(x.id, y.id) })
	var changes []Change
	if old, ok := m.docs[d.key]; ok {
		if sameDoc(old, d) {
			return nil
		}
		changes = m.remove(old)
	}
	m.insert(d)
	relearn := map[string][]string{}
	for _, o := range m.candidates(d, true) {
		changes = m.judge(d, o, changes, relearn)
	}
	for _, b := range slices.Sorted(maps.Keys(relearn)) {
		changes = m.rescore(b, relearn[b], changes)
	}
	return changes
}

// Remove forgets the listing with key k (delisted, or gone from its shop)
// and returns the matches it was in, each Removed. It returns nil for a
// listing the matcher does not hold.
func (m *Matcher) Remove(k ListingKey) []Change {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.docs[k]
	if !ok {
		return nil
	}
	return m.remove(d)
}

// insert indexes d in its block, by barcode and in the word counts.
func (m *Matcher) insert(d *doc) {
	m.docs[d.key] = d
	b := m.blocks[d.block]
	if b == nil {
		b = &block{postings: map[string][]*doc{}}
		m.blocks[d.block] = b
	}
	for _, w := range d.indexWords() {
		b.postings[w] = append(b.postings[w], d)
	}
	for _, sv := range d.sizes {
		if sv.gtin != "" && !slices.Contains(m.byGTIN[sv.gtin], d) {
			m.byGTIN[sv.gtin] = append(m.byGTIN[sv.gtin], d)
		}
	}
	for _, w := range d.words {
		m.df[w]++
	}
}

// candidates are the listings d is compared with: those of its block that
// share one of its rarest words, and, when withGTIN, those anywhere that
// publish one of its barcodes.
func (m *Matcher) candidates(d *doc, withGTIN bool) []*doc {
	m.mark++
	d.mark = m.mark
	var out []*doc
	take := func(docs []*doc) {
		for _, o := range docs {
			if o.mark != m.mark {
				o.mark = m.mark
				out = append(out, o)
			}
		}
	}
	b := m.blocks[d.block]
	words := slices.Clone(d.indexWords())
	slices.SortStableFunc(words, func(x, y string) int { return cmp.Compare(len(b.postings[x]), len(b.postings[y])) })
	for _, w := range words[:min(len(words), candidatesPerDoc)] {
		take(b.postings[w])
	}
	if withGTIN {
		for _, sv := range d.sizes {
			if sv.gtin != "" {
				take(m.byGTIN[sv.gtin])
			}
		}
	}
	return out
}

// rescore judges again the pairs of a block's listings that use words whose
// spelling the block's lexicon just learned.
func (m *Matcher) rescore(name string, words []string, changes []Change) []Change {
	b := m.blocks[name]
	var docs []*doc
	for _, w := range words {
		docs = append(docs, b.postings[w]...)
	}
	for _, x := range docs {
		for _, o := range m.candidates(x, false) {
			changes = m.judge(x, o, changes, nil)
		}
	}
	return changes
}

// judge scores one pair, stores the outcome and appends what changed.
// Barcode-tied pairs teach their block's lexicon; the words whose spelling
// became trusted are recorded in relearn (when not nil) for re-scoring.
func (m *Matcher) judge(a, b *doc, changes []Change, relearn map[string][]string) []Change {
	k := orderedPair(a.key, b.key)
	if k.a != a.key {
		a, b = b, a
	}
	got, ok := m.score(a, b)
	old := a.links[b]
	switch {
	case !ok && old != nil:
		unlink(a, b)
		return append(changes, Change{Match: *old, Removed: true})
	case !ok:
		return changes
	}
	if got.Evidence == EvidenceGTIN && a.block == b.block && !m.taught[k] {
		m.taught[k] = true
		if words := m.lexicon(a.block).learn(a.tokens, b.tokens, a.key, b.key); len(words) > 0 && relearn != nil {
			relearn[a.block] = append(relearn[a.block], words...)
		}
	}
	if old != nil && sameMatch(*old, got) {
		return changes
	}
	link(a, b, &got)
	return append(changes, Change{Match: got})
}

// link records mt as the match of a and b, on both.
func link(a, b *doc, mt *Match) {
	if a.links == nil {
		a.links = map[*doc]*Match{}
	}
	if b.links == nil {
		b.links = map[*doc]*Match{}
	}
	a.links[b], b.links[a] = mt, mt
}

func unlink(a, b *doc) {
	delete(a.links, b)
	delete(b.links, a)
}

func (m *Matcher) lexicon(block string) *lexicon {
	lx := m.lex[block]
	if lx == nil {
		lx = newLexicon(m.cfg.LearnSupport)
		m.lex[block] = lx
	}
	return lx
}

// remove forgets a listing and the pairs it was in.
func (m *Matcher) remove(d *doc) []Change {
	var changes []Change
	for o, mt := range d.links {
		changes = append(changes, Change{Match: *mt, Removed: true})
		unlink(d, o)
	}
	slices.SortFunc(changes, func(x, y Change) int { return compareMatches(x.Match, y.Match) })
	delete(m.docs, d.key)
	b := m.blocks[d.block]
	for _, w := range d.indexWords() {
		b.postings[w] = slices.DeleteFunc(b.postings[w], func(o *doc) bool { return o == d })
	}
	for _, sv := range d.sizes {
		if sv.gtin != "" {
			m.byGTIN[sv.gtin] = slices.DeleteFunc(m.byGTIN[sv.gtin], func(o *doc) bool { return o == d })
		}
	}
	for _, w := range d.words {
		m.df[w]--
	}
	return changes
}

// freq is how many listings use word among their model words.
func (m *Matcher) freq(word string) int { return m.df[word] }

// Matches returns the accepted matches, sorted by their listings.
func (m *Matcher) Matches() []Match { return m.withStatus(StatusAccepted) }

// Review returns the pairs scored between the review floor and the
// threshold, sorted by their listings, for people to judge.
func (m *Matcher) Review() []Match { return m.withStatus(StatusReview) }

func (m *Matcher) withStatus(s Status) []Match {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Match
	for _, d := range m.docs {
		for _, mt := range d.links {
			if mt.A == d.key && mt.Status == s {
				out = append(out, *mt)
			}
		}
	}
	slices.SortFunc(out, compareMatches)
	return out
}

// Len is the number of listings the matcher holds.
func (m *Matcher) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.docs)
}

func compareMatches(x, y Match) int {
	return cmp.Or(
		cmp.Compare(x.A.ShopSlug, y.A.ShopSlug), cmp.Compare(x.A.ExternalID, y.A.ExternalID),
		cmp.Compare(x.B.ShopSlug, y.B.ShopSlug), cmp.Compare(x.B.ExternalID, y.B.ExternalID),
	)
}
