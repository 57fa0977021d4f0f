package seed

import "slices"

// shopCount is how many shops carry a new product: most products are at
// one or two shops, staples at most of them.
func (b *builder) shopCount(staple bool, remaining int) int {
	shops := len(b.g.shops)
	var k int
	if staple {
		k = max(1, shops*(50+b.r.IntN(41))/100)
	} else {
		switch x := b.r.IntN(100); {
		case x < 50:
			k = 1
		case x < 77:
			k = 2
		case x < 91:
			k = 3
		case x < 97:
			k = 4
		default:
			k = 5
		}
	}
	return min(k, shops, remaining)
}

// pickShops picks k shops that do not carry product pi yet, weighted by
// shop size, and returns them in shop order.
func (b *builder) pickShops(pi, k int) []int {
	p := &b.g.products[pi]
	out := make([]int, 0, k)
	taken := p.shops
	for range k {
		sum := 0
		for i := range b.g.shops {
			if taken&(1<<i) == 0 {
				sum += b.g.shops[i].row.size
			}
		}
		x := b.r.IntN(sum)
		for i := range b.g.shops {
			if taken&(1<<i) != 0 {
				continue
			}
			if w := b.g.shops[i].row.size; x >= w {
				x -= w
				continue
			}
			taken |= 1 << i
			out = append(out, i)
			break
		}
	}
	slices.Sort(out)
	return out
}

// pickOpenProduct picks a product of group gi that some shop does not carry.
func (b *builder) pickOpenProduct(gi int) (int, bool) {
	if b.groupOpen[gi] == 0 {
		return 0, false
	}
	prods := b.groupProds[gi]
	full := uint64(1)<<len(b.g.shops) - 1
	for range 16 {
		if pi := prods[b.r.IntN(len(prods))]; b.g.products[pi].shops != full {
			return pi, true
		}
	}
	start := b.r.IntN(len(prods))
	for i := range prods {
		if pi := prods[(start+i)%len(prods)]; b.g.products[pi].shops != full {
			return pi, true
		}
	}
	return 0, false
}

// carry records that shop s now lists product pi, keeping groupOpen exact.
func (b *builder) carry(pi, s, listing int) {
	p := &b.g.products[pi]
	full := uint64(1)<<len(b.g.shops) - 1
	gi := b.g.lines[p.line].group
	if p.shops == 0 {
		b.groupOpen[gi]++
	}
	p.shops |= 1 << s
	if p.shops == full {
		b.groupOpen[gi]--
	}
	p.listings = append(p.listings, listing)
}
