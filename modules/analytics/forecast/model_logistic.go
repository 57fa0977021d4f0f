package forecast

import (
	"errors"
	"fmt"
	"math"

	"github.com/skatestock/skatestock/modules/catalog"
)

// TrainConfig tunes Train.
type TrainConfig struct {
	// L2 is the ridge penalty on the standardised weights (not the
	// intercept); it keeps rare features from running off.
	L2 float64
	// MaxIterations bounds Newton's method, which converges in far fewer
	// on data of this size.
	MaxIterations int
}

// DefaultTrainConfig is what the evaluation was tuned with.
func DefaultTrainConfig() TrainConfig { return TrainConfig{L2: 1, MaxIterations: 50} }

// Model is a trained logistic regression. It never changes after Train and
// is safe for concurrent use.
type Model struct {
	mean, scale []float64
	weights     []float64 // per standardised feature
	intercept   float64
}

// Train fits a model to examples, which must all have the same number of
// features. It fails when there are no examples or only one class.
func Train(examples []Example, cfg TrainConfig) (*Model, error) {
	if len(examples) == 0 {
		return nil, fmt.Errorf("train: %w: no examples", catalog.ErrInvalid)
	}
	p := len(examples[0].Features)
	pos := 0
	for _, e := range examples {
		if len(e.Features) != p {
			return nil, fmt.Errorf("train: %w: examples have %d and %d features", catalog.ErrInvalid, p, len(e.Features))
		}
		if e.OutOfStock {
			pos++
		}
	}
	if pos == 0 || pos == len(examples) {
		return nil, fmt.Errorf("train: %w: all %d examples have one answer", catalog.ErrInvalid, len(examples))
	}
	m := &Model{mean: make([]float64, p), scale: make([]float64, p), weights: make([]float64, p)}
	m.standardise(examples)
	// w[0] is the intercept, w[1:] the weights.
	w := make([]float64, p+1)
	w[0] = math.Log(float64(pos) / float64(len(examples)-pos))
	x := make([]float64, p+1)
	objective := func(w []float64) float64 { return m.penalisedLogLikelihood(examples, w, cfg.L2, x) }
	current := objective(w)
	for range cfg.MaxIterations {
		grad := make([]float64, p+1)
		hess := make([][]float64, p+1)
		for i := range hess {
			hess[i] = make([]float64, p+1)
		}
		for _, e := range examples {
			m.row(e.Features, x)
			mu := sigmoid(dot(w, x))
			y := b2f(e.OutOfStock)
			v := max(mu*(1-mu), 1e-12)
			for i := range x {
				grad[i] += (y - mu) * x[i]
				for j := 0; j <= i; j++ {
					hess[i][j] += v * x[i] * x[j]
				}
			}
		}
		hess[0][0] += 1e-9 * float64(len(examples)) // keeps the intercept's curvature positive
		for i := 1; i <= p; i++ {
			grad[i] -= cfg.L2 * w[i]
			hess[i][i] += cfg.L2
		}
		step, err := solveCholesky(hess, grad)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		// Newton's step can overshoot where the data nearly separate: halve
		// it until the penalised likelihood improves.
		next := make([]float64, len(w))
		improved := false
		for range 30 {
			for i := range w {
				next[i] = w[i] + step[i]
			}
			if v := objective(next); v >= current {
				current, improved = v, true
				break
			}
			for i := range step {
				step[i] /= 2
			}
		}
		largest := 0.0
		for i := range step {
			largest = max(largest, math.Abs(step[i]))
		}
		if !improved {
			break
		}
		copy(w, next)
		if largest < 1e-7 {
			break
		}
	}
	m.intercept = w[0]
	copy(m.weights, w[1:])
	return m, nil
}

// penalisedLogLikelihood is what Train maximises: the log-likelihood of the
// examples under weights w less the ridge penalty. x is scratch space.
func (m *Model) penalisedLogLikelihood(examples []Example, w []float64, l2 float64, x []float64) float64 {
	ll := 0.0
	for _, e := range examples {
		m.row(e.Features, x)
		z := dot(w, x)
		// log σ(z) = -log(1+e^-z), written to stay finite for large |z|.
		if e.OutOfStock {
			ll -= softplus(-z)
		} else {
			ll -= softplus(z)
		}
	}
	for _, v := range w[1:] {
		ll -= l2 * v * v / 2
	}
	return ll
}

// softplus is log(1+e^z) without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// standardise sets each feature's mean and scale from examples; a constant
// feature gets scale 1 so that it simply drops out.
func (m *Model) standardise(examples []Example) {
	n := float64(len(examples))
	for _, e := range examples {
		for i, v := range e.Features {
			m.mean[i] += v / n
		}
	}
	for _, e := range examples {
		for i, v := range e.Features {
			d := v - m.mean[i]
			m.scale[i] += d * d / n
		}
	}
	for i, v := range m.scale {
		m.scale[i] = math.Sqrt(v)
		if m.scale[i] < 1e-9 {
			m.scale[i] = 1
		}
	}
}

// row writes 1 and the standardised features of f into x.
func (m *Model) row(f, x []float64) {
	x[0] = 1
	for i, v := range f {
		x[i+1] = (v - m.mean[i]) / m.scale[i]
	}
}

// Predict is the probability of going out of stock within the horizon for a
// variant with features f (as Features returns them).
func (m *Model) Predict(f []float64) float64 {
	z := m.intercept
	for i, v := range f {
		if i < len(m.weights) {
			z += m.weights[i] * (v - m.mean[i]) / m.scale[i]
		}
	}
	return sigmoid(z)
}

// Weights returns the weight of each feature on the standardised scale (how
// much one standard deviation moves the log-odds), in FeatureNames order.
func (m *Model) Weights() []float64 { return append([]float64(nil), m.weights...) }

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// solveCholesky solves a x = b for a symmetric positive definite a given by
// its lower triangle.
func solveCholesky(a [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, n)
		for j := 0; j <= i; j++ {
			s := a[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if s <= 0 {
					return nil, errors.New("the Hessian is not positive definite")
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	y := make([]float64, n)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= l[i][k] * y[k]
		}
		y[i] = s / l[i][i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= l[k][i] * x[k]
		}
		x[i] = s / l[i][i]
	}
	return x, nil
}
