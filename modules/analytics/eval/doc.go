// Package eval scores the analytics against labelled data: cross-shop
// matching by precision and recall of listing and variant pairs, discount
// patterns by precision, recall and F1 per kind, and the stock-out forecast
// by Brier score and AUC in a time-ordered backtest next to a rule baseline.
//
// It knows nothing of where the data and labels come from: the caller (the
// eval command, a test) translates a generator's output into a Dataset and
// Labels. Labels are read only to score; the algorithms never see them.
package eval
