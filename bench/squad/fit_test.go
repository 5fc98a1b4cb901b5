package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"storybot/retrieval"
)

// The committed weights are what the fitting command makes: rerunning it reproduces
// retrieval/weights_gen.go byte for byte.
func TestFitReproducesWeights(t *testing.T) {
	out := filepath.Join(t.TempDir(), "weights_gen.go")
	args := []string{"-data", smokeData(t), "-story", "../../answer/testdata/dev.txt", "-fit", out}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run(%q) = %v; stderr:\n%s", args, err, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../retrieval/weights_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s makes other weights than retrieval/weights_gen.go holds: run it from the repository root and commit the result", fitCommand)
	}
}

// The fitting learns what it should from examples it can read: a feature that tells the
// answer apart gets a weight that ranks the answer first.
func TestFitSoftmax(t *testing.T) {
	n := int(retrieval.NumFeatures)
	ex := make([]rankExample, 50)
	for i := range ex {
		good, bad := make([]float64, n), make([]float64, n)
		good[retrieval.FeatCoverage], bad[retrieval.FeatCoverage] = 0.9, 0.2
		good[retrieval.FeatLength], bad[retrieval.FeatLength] = 0.5, 0.5
		ex[i] = rankExample{feats: [][]float64{bad, good}, gold: []bool{false, true}}
	}
	w := fitSoftmax(ex, n)
	if w[retrieval.FeatCoverage] <= 0 {
		t.Errorf("fitSoftmax: coverage weight %v; want it positive, as coverage marks every answer", w[retrieval.FeatCoverage])
	}
	if w[retrieval.FeatCoverage] <= w[retrieval.FeatLength] {
		t.Errorf("fitSoftmax: length, which tells nothing, weighs %v against coverage's %v", w[retrieval.FeatLength], w[retrieval.FeatCoverage])
	}
}

// Folds split by article, never a paragraph from its article.
func TestFolds(t *testing.T) {
	c, err := loadCorpus(smokeData(t))
	if err != nil {
		t.Fatal(err)
	}
	fold := foldsOf(c.Docs)
	byArticle := map[string]int{}
	count := [2]int{}
	for i, d := range c.Docs {
		a := articleOf(d)
		if f, ok := byArticle[a]; ok && f != fold[i] {
			t.Fatalf("article %q is in both folds", a)
		}
		byArticle[a] = fold[i]
		count[fold[i]]++
	}
	if count[0] == 0 || count[1] == 0 {
		t.Errorf("folds hold %v paragraphs; want both halves", count)
	}
}
