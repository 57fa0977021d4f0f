package catalog

// Category is the kind of skate product a listing is.
type Category string

// The categories every listing falls into; CategoryOther catches the rest.
const (
	CategoryDecks       Category = "decks"
	CategoryCompletes   Category = "completes"
	CategoryTrucks      Category = "trucks"
	CategoryWheels      Category = "wheels"
	CategoryBearings    Category = "bearings"
	CategoryHardware    Category = "hardware"
	CategoryGriptape    Category = "griptape"
	CategoryShoes       Category = "shoes"
	CategoryApparel     Category = "apparel"
	CategoryAccessories Category = "accessories"
	CategoryOther       Category = "other"
)

// Categories lists every category in display order.
func Categories() []Category {
	return []Category{
		CategoryDecks, CategoryCompletes, CategoryTrucks, CategoryWheels, CategoryBearings,
		CategoryHardware, CategoryGriptape, CategoryShoes, CategoryApparel, CategoryAccessories,
		CategoryOther,
	}
}

// ParseCategory returns the category named s exactly, or an ErrInvalid error.
func ParseCategory(s string) (Category, error) {
	c := Category(s)
	if err := c.Validate(); err != nil {
		return "", err
	}
	return c, nil
}

// Validate reports whether c is a known category.
func (c Category) Validate() error {
	for _, known := range Categories() {
		if c == known {
			return nil
		}
	}
	return invalid("category", "%q is not one of decks, completes, trucks, wheels, bearings, hardware, griptape, shoes, apparel, accessories, other", string(c))
}
