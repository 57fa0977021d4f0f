package seed

// line is a productLine with its group's defaults filled in.
type line struct {
	productLine
	brand    brand
	capacity int // distinct products the line can make
	group    int // index into lineGroups
}

// resolveLines flattens lineGroups into lines, in table order.
func resolveLines() []line {
	brands := make(map[string]brand, len(brandTable))
	for _, b := range brandTable {
		brands[b.name] = b
	}
	var out []line
	for gi, grp := range lineGroups {
		for _, pl := range grp.lines {
			pl.category = grp.category
			if pl.kind == oneSize {
				pl.kind = grp.kind
			}
			if pl.sizes == nil {
				pl.sizes = grp.sizes
			}
			if pl.models == nil {
				pl.models = grp.models
			}
			pl.colorway = grp.colorway && len(pl.models) > 0
			capacity := 1
			for _, part := range pl.models {
				capacity *= len(part)
			}
			out = append(out, line{productLine: pl, brand: brands[pl.brand], capacity: capacity, group: gi})
		}
	}
	return out
}

// modelParts decodes product number idx of the line into one pick from each
// model part (mixed radix, last part fastest), appended to buf.
func (ln *line) modelParts(idx int, buf []string) []string {
	start := len(buf)
	for range ln.models {
		buf = append(buf, "")
	}
	for i := len(ln.models) - 1; i >= 0; i-- {
		part := ln.models[i]
		buf[start+i] = part[idx%len(part)]
		idx /= len(part)
	}
	return buf
}

// titleNoun is the word for the product in titles under title style noun choice i.
func (ln *line) titleNoun(i int) string {
	if ln.productLine.noun != "" {
		return ln.productLine.noun
	}
	return categoryNouns[ln.category][i]
}
