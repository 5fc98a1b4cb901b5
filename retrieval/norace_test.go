//go:build !race

package retrieval

// raceEnabled says the race detector is on: it makes sync.Pool drop items at random.
const raceEnabled = false
