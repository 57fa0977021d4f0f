// Package forecast estimates the probability that a variant now in stock goes
// out of stock within a horizon (seven days by default), from its own stock
// history, its price moves, its siblings' stock (the other sizes of the same
// listing) and its category.
//
// The model is a logistic regression on a dozen features (see Features),
// trained by Newton's method with a small ridge penalty on standardised
// features: small enough to read, fast enough to retrain on every backtest,
// and calibrated by construction on its training distribution. Baseline is
// the rule it is measured against: a variant out of stock more than half the
// time it was seen is called out of stock.
//
// The package depends on catalog only.
package forecast
